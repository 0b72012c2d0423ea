import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'quality/not-found': { severity: 'error', help: 'The rules file cannot be read: check the path.' },
  'quality/yaml-syntax': { severity: 'error', help: 'The rules file is not valid YAML: fix the syntax.' },
  'quality/duplicate-key': { severity: 'error', help: 'A key is repeated in the rules file: keep one.' },
  'quality/yaml-key': { severity: 'error', help: 'A list or mapping is used as a key: check the indentation.' },
  'quality/yaml-aliases': { severity: 'error', help: 'Too many alias expansions: write the values out.' },
  'quality/rules-file': {
    severity: 'error',
    help: 'The rules file names unknown datasets or columns, or a rule lacks its parameters: fix the node named.',
  },
  'quality/record': { severity: 'error', help: 'Every line of a dataset file is one JSON record (an object).' },
  'quality/not_null': { severity: 'error', help: 'The column always has a value.' },
  'quality/unique': { severity: 'error', help: 'Each value of the column appears once.' },
  'quality/accepted_values': { severity: 'error', help: 'The column holds only its accepted values.' },
  'quality/range': { severity: 'error', help: 'Values stay within min..max.' },
  'quality/relationship': { severity: 'error', help: 'Every reference has its key in the referenced dataset (referential integrity).' },
  'quality/row_count': { severity: 'error', help: 'The dataset has between min and max rows (volume SLA).' },
  'quality/freshness': { severity: 'error', help: 'The newest record is at most maxAgeHours old at the reference time (freshness SLA).' },
});
export type DataQualityRule = RuleId<typeof rules>;
