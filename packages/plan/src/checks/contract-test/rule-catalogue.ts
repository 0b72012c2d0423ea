import { defineRules, RuleId } from '../rule-catalogue';
import { openApiLoadRules } from '../validate-openapi/rule-catalogue';

export const rules = defineRules({
  ...openApiLoadRules,
  'contract/service-port-in-use': { severity: 'error', help: 'Something already listens on with.port: stop it or choose another port.' },
  'contract/service-exited': { severity: 'error', help: 'The service command exited before it answered: its output says why.' },
  'contract/service-not-ready': { severity: 'error', help: 'The service did not answer GET with.readyPath within with.timeout seconds.' },
  'contract/request-failed': { severity: 'error', help: 'A request to an operation got no HTTP answer (connection reset, timeout).' },
  'contract/operation-missing': {
    severity: 'error',
    help: 'The service does not implement an operation of the contract (404, 405 or 501).',
  },
  'contract/status-undocumented': { severity: 'error', help: 'The service answered with a status the operation does not document.' },
  'contract/response-content-type': {
    severity: 'error',
    help: 'The response has a content type the operation does not document for that status.',
  },
  'contract/response-invalid': { severity: 'error', help: 'The response body does not match the documented schema (or is not JSON).' },
  'contract/schema-invalid': { severity: 'error', help: 'A response schema of the contract cannot be compiled.' },
  'contract/route-undocumented': { severity: 'error', help: 'The service serves a route the contract does not document.' },
});

export type ContractTestRule = RuleId<typeof rules>;
