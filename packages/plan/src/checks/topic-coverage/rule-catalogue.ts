import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'topics/not-found': { severity: 'error', help: 'A path or the AsyncAPI document cannot be read: check it.' },
  'topics/yaml-syntax': { severity: 'error', help: 'A YAML file is not valid YAML: fix the syntax.' },
  'topics/duplicate-key': { severity: 'error', help: 'A key is repeated: keep one.' },
  'topics/yaml-key': { severity: 'error', help: 'A list or mapping is used as a key: check the indentation.' },
  'topics/yaml-aliases': { severity: 'error', help: 'Too many alias expansions: write the values out.' },
  'topics/asyncapi': { severity: 'error', help: 'The AsyncAPI document declares its channels (2.x channel keys, 3.x channel addresses).' },
  'topics/undocumented': {
    severity: 'error',
    help: 'Every topic the code uses is a channel of the AsyncAPI document: add the channel or fix the name.',
  },
  'topics/unused': { severity: 'warning', help: 'A channel of the AsyncAPI document is used by no scanned file.' },
});
export type TopicRule = RuleId<typeof rules>;
