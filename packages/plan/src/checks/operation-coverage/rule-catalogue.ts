import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'operation/contract-unreadable': {
    severity: 'error',
    help: 'The OpenAPI contract the web app is compared with must load: fix it (validate-openapi names the problem).',
  },
  'operation/client-missing': {
    severity: 'error',
    help: 'The client module named by the client option exists: generate it from the contract.',
  },
  'operation/not-found': { severity: 'error', help: 'Every path given to the check exists (the web sources, e.g. web/src).' },
  'operation/too-large': {
    severity: 'error',
    help: 'Source files are at most 4 MiB: bundles and generated blobs do not belong in the sources.',
  },
  'operation/unknown-operation': {
    severity: 'error',
    help: 'The app calls only client operations the contract defines: add the operation to the contract first.',
  },
  'operation/undocumented-call': {
    severity: 'error',
    help: 'Every literal request (fetch, request, http.get) is a method and path of the contract.',
  },
  'operation/dynamic-call': {
    severity: 'warning',
    help: 'Requests with computed URLs cannot be compared with the contract: go through the generated client.',
  },
  'operation/not-in-client': {
    severity: 'error',
    help: 'The generated client has a function for every operation of the contract: regenerate it.',
  },
  'operation/uncalled': {
    severity: 'error',
    help: 'Every operation of the contract is called from the app (a page or form using the client).',
  },
});
export type OperationCoverageRule = RuleId<typeof rules>;
