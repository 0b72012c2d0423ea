import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'files/missing': {
    severity: 'error',
    help: 'A file or folder the task creates does not exist yet: create it (or run the command that produces it).',
  },
  'files/empty': { severity: 'error', help: 'A file is empty or a folder holds no file: add its content.' },
  'files/not-a-folder': { severity: 'error', help: 'A path ending in / names a folder, but a file is there.' },
});

export type FilesExistRule = RuleId<typeof rules>;
