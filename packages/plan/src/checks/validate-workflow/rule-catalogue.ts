import { inputRules } from '../contract-files/read-input';
import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  ...inputRules('workflow'),
  'workflow/yaml-syntax': {
    severity: 'error',
    help: "The file is not valid YAML as GitHub's parser reads it (indentation, duplicate keys).",
  },
  'workflow/parser-failed': { severity: 'error', help: "GitHub's workflow parser could not run on the file: it was not judged." },
  'workflow/needs': {
    severity: 'error',
    help: '`needs` names a job the workflow does not define, or the jobs depend on each other in a cycle.',
  },
  'workflow/expression': { severity: 'error', help: 'A `${{ }}` expression does not parse, or names an unknown context or function.' },
  'workflow/event': { severity: 'error', help: 'The `on:` section names an unknown event or gives it unknown settings.' },
  'workflow/schema': {
    severity: 'error',
    help: 'The workflow does not follow GitHub Actions syntax (unknown key, wrong type, missing field).',
  },
});

export type WorkflowRule = RuleId<typeof rules>;
