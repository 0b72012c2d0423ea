import { defineRules, RuleId } from '../rule-catalogue';

/** Every rule pact-contract reports. */
export const rules = defineRules({
  'pact/yaml-syntax': { severity: 'error', help: 'A pact file must be valid YAML/JSON: fix the syntax at the position given.' },
  'pact/duplicate-key': { severity: 'error', help: 'A mapping holds each key once: keep one.' },
  'pact/yaml-key': { severity: 'error', help: 'Mapping keys are plain scalars, not lists or mappings.' },
  'pact/yaml-aliases': { severity: 'error', help: 'Too many alias expansions (an alias bomb): write the values out.' },
  'pact/not-found': { severity: 'error', help: 'Every path given to the check is a readable file (relative to the plan folder).' },
  'pact/none': { severity: 'error', help: 'The consumer tests wrote at least one pact file.' },
  'pact/provider': { severity: 'error', help: 'A pact names its provider (provider.name).' },
  'pact/provider-contract': { severity: 'error', help: "The provider's OpenAPI contract must load." },
  'pact/unknown-operation': { severity: 'error', help: "Every interaction is an operation of the provider's contract." },
  'pact/undocumented-status': { severity: 'error', help: 'The status a consumer expects is documented for the operation.' },
  'pact/field-not-in-contract': {
    severity: 'error',
    help: "Every response field a consumer expects is defined by the provider's response schema.",
  },
  'pact/type-mismatch': { severity: 'error', help: 'Every response field a consumer expects has the JSON type of the schema.' },
  'pact/request-field-not-in-contract': {
    severity: 'error',
    help: "Every request field a consumer sends is allowed by the operation's request schema.",
  },
  'pact/request-type-mismatch': { severity: 'error', help: 'Every request field a consumer sends has the JSON type of the schema.' },
});

export type PactContractRule = RuleId<typeof rules>;
