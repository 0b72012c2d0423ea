import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'command/exit-code': {
    severity: 'error',
    help: 'The command exited with a non-zero code: the failures its output names (TypeScript errors, failed node:test tests, at their file and line), else its last output lines.',
  },
  'command/timeout': {
    severity: 'error',
    help: 'The command did not finish within with.timeout seconds and was stopped with everything it started.',
  },
  'command/spawn': { severity: 'error', help: 'The command could not be started (shell or working folder missing).' },
});

export type CommandRule = RuleId<typeof rules>;
