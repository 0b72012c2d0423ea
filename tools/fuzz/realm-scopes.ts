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
import { PAYMENTS_FILES } from '../../packages/plan/src/testing/payments-stack';

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
    fs.writeFileSync(path.join(dir, 'openapi.yaml'), PAYMENTS_FILES.contractYaml);
    fs.writeFileSync(path.join(dir, 'realm.json'), PAYMENTS_FILES.realmJson);
    return check.run(['realm.json'], { contract: 'openapi.yaml' }, { cwd: dir });
  },
  async run(dir, r) {
    fs.writeFileSync(path.join(dir, 'realm.json'), mutate(PAYMENTS_FILES.realmJson, r, EXTRAS, true));
    fs.writeFileSync(
      path.join(dir, 'openapi.yaml'),
      r.int(10) === 0 ? mutate(PAYMENTS_FILES.contractYaml, r) : PAYMENTS_FILES.contractYaml,
    );
    return declared(await check.run(['realm.json'], { contract: 'openapi.yaml' }, { cwd: dir }));
  },
});
