import { inputRules } from '../contract-files/read-input';
import { yamlRules } from '../contract-files/yaml-source';
import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  ...inputRules('data-contract'),
  ...yamlRules('data-contract', 'a schema parser'),
  'data-contract/not-a-schema': {
    severity: 'error',
    help: 'The file is not a schema: one JSON object (JSON Schema or an Avro record/enum/fixed) or an Avro union list.',
  },
  'data-contract/avro-schema': { severity: 'error', help: 'The Avro schema is invalid (avsc cannot parse it).' },
  'data-contract/unsupported-dialect': { severity: 'error', help: '$schema names a JSON Schema dialect other than 2020-12 or draft-07.' },
  'data-contract/json-schema': { severity: 'error', help: 'The JSON Schema is invalid against its meta-schema, or does not compile.' },
  'data-contract/json-schema-ignored': {
    severity: 'warning',
    help: 'A keyword the validator ignores (unknown or misplaced): it constrains nothing.',
  },
  'data-contract/imports': { severity: 'error', help: 'with.imports lists Avro schema files only.' },
  'data-contract/sample': { severity: 'error', help: 'A sample record (with.samples) does not conform to the schema.' },
  'data-contract/sample-syntax': { severity: 'error', help: 'A sample file is not JSON (or not one JSON record per line for .jsonl).' },
  'data-contract/compatibility': {
    severity: 'error',
    help: 'The schema is not compatible with the previous version (with.previous) in the direction with.compatibility asks.',
  },
});

export type DataContractRule = RuleId<typeof rules>;
