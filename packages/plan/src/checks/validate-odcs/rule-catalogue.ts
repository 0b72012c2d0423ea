import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'odcs/not-found': { severity: 'error', help: 'The contract file cannot be read: check the path.' },
  'odcs/yaml-syntax': { severity: 'error', help: 'The contract is not valid YAML: fix the syntax.' },
  'odcs/duplicate-key': { severity: 'error', help: 'A key is repeated: keep one.' },
  'odcs/yaml-key': { severity: 'error', help: 'A list or mapping is used as a key: check the indentation.' },
  'odcs/yaml-aliases': { severity: 'error', help: 'Too many alias expansions: write the values out.' },
  'odcs/not-a-contract': {
    severity: 'error',
    help: 'A data contract is one YAML mapping with apiVersion, kind: DataContract, id, version, status.',
  },
  'odcs/schema': {
    severity: 'error',
    help: 'The contract does not meet the published ODCS JSON Schema (v3.1.0, vendored): fix the node named.',
  },
  'odcs/property': { severity: 'error', help: 'A schema property is named twice, or a primary key is not required.' },
  'odcs/sla': {
    severity: 'error',
    help: 'With `sla`, every contract declares its freshness (latency) and volume (throughput) or frequency in slaProperties.',
  },
  'odcs/owner': { severity: 'warning', help: 'A contract names its owner: a team with at least one member.' },
});
export type OdcsRule = RuleId<typeof rules>;
