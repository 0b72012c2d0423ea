import { documentSetRules } from '../api-documents/document-set';
import { defineRules, RuleId } from '../rule-catalogue';

/** Loading an OpenAPI contract (openapi/load-openapi.ts): every check that reads one declares these. */
export const openApiLoadRules = defineRules({
  ...documentSetRules('openapi'),
  'openapi/version-unsupported': { severity: 'error', help: 'The document is not OpenAPI 3.0 or 3.1 (`openapi: 3.0.3` or `3.1.0`).' },
});

export const rules = defineRules({
  ...openApiLoadRules,
  'openapi/structure': { severity: 'error', help: 'The document does not follow the official OpenAPI schema of its version.' },
  'openapi/path-parameter-missing': {
    severity: 'error',
    help: 'A {parameter} of a path template is not declared as an `in: path` parameter.',
  },
  'openapi/path-parameter-unused': { severity: 'error', help: 'A declared path parameter does not appear in the path template.' },
  'openapi/path-parameter-not-required': { severity: 'error', help: 'A path parameter must say `required: true`.' },
  'openapi/path-template-duplicate': { severity: 'error', help: 'A path template uses the same parameter name twice.' },
  'openapi/path-ambiguous': { severity: 'error', help: 'Two paths are the same template with other parameter names: merge them.' },
  'openapi/operation-id-duplicate': { severity: 'error', help: 'operationIds must be unique across the document.' },
  'openapi/security-scheme-undefined': {
    severity: 'error',
    help: 'A security requirement names a scheme components.securitySchemes does not define.',
  },
  'openapi/responses-missing': { severity: 'error', help: 'An operation describes no responses.' },
  'openapi/schema-invalid': {
    severity: 'error',
    help: 'A schema object is invalid (OpenAPI 3.1: JSON Schema 2020-12) or cannot be compiled.',
  },
  'openapi/example-invalid': { severity: 'error', help: 'An example does not match its schema.' },
});

export type OpenApiRule = RuleId<typeof rules>;
