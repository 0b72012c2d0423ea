/**
 * Fuzzes realm-scopes: mutated Keycloak realm exports (bytes and structure: missing and doubled
 * scopes, clients listing ghost scopes, wrong types) against a fixed contract, and now and then
 * a mutated contract, through the real check.run().
 *
 *   node -r @swc-node/register tools/fuzz/realm-scopes.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/realm-scopes/realm-scopes';
import { undeclaredRules } from '../../packages/plan/src/checks/rule-catalogue';
import { rules } from '../../packages/plan/src/checks/realm-scopes/rule-catalogue';
import type { CheckResult } from '../../packages/plan/src/checks/contract';
import { fuzzMain, mutate } from './contracts-lib';

/** A finding whose rule the check's catalogue does not declare counts as a failure of the run. */
function declared(result: CheckResult): CheckResult {
  const undeclared = undeclaredRules(rules, result.findings);
  if (undeclared.length > 0) throw new Error(`undeclared rules: ${undeclared.join(', ')}`);
  return result;
}
import { CONTRACT_YAML, REALM_JSON } from './infra-seeds';

const EXTRAS = {
  clientScopes: [{ name: 'payments:read' }, { name: 'payments:read' }, { protocol: 'saml', name: 'x' }, 'x'],
  defaultClientScopes: ['ghost', 3, null],
  optionalClientScopes: 'payments:write',
  realm: ['x'],
  enabled: false,
  scopeMappings: [{ clientScope: 'x', roles: ['ghost-role', 7] }],
  clientId: null,
};

void fuzzMain({
  name: 'realm-scopes',
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, 'openapi.yaml'), CONTRACT_YAML);
    fs.writeFileSync(path.join(dir, 'realm.json'), REALM_JSON);
    return check.run(['realm.json'], { contract: 'openapi.yaml' }, { cwd: dir });
  },
  async run(dir, r) {
    fs.writeFileSync(path.join(dir, 'realm.json'), mutate(REALM_JSON, r, EXTRAS, true));
    fs.writeFileSync(path.join(dir, 'openapi.yaml'), r.int(10) === 0 ? mutate(CONTRACT_YAML, r) : CONTRACT_YAML);
    return declared(await check.run(['realm.json'], { contract: 'openapi.yaml' }, { cwd: dir }));
  },
});
