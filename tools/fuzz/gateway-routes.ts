/**
 * Fuzzes gateway-routes: mutated Kong declarative configurations (bytes and structure: routes to
 * ghost paths, odd regexes, missing methods, strip_path, expression routes) against a fixed
 * contract, and now and then a mutated contract, through the real check.run().
 *
 *   node -r @swc-node/register tools/fuzz/gateway-routes.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/gateway-routes/gateway-routes';
import { undeclaredRules } from '../../packages/plan/src/checks/rule-catalogue';
import { rules } from '../../packages/plan/src/checks/gateway-routes/rule-catalogue';
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
  paths: ['~/v1/ghost$', '~(', '~/v1/payments/(?<id>[^/]+', '/', '', '~.*', '~/v1/(?>x)', '~\\'],
  methods: ['GET', 'FETCH', '', 'delete', null],
  strip_path: true,
  expression: 'http.path == "/x"',
  routes: [{ name: 'ghost', paths: ['~/v1/ghost$'] }, 'x', null],
  service: { name: 'api' },
  _format_version: '1.1',
  url: 'http://api:3000',
};

void fuzzMain({
  name: 'gateway-routes',
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, 'openapi.yaml'), PAYMENTS_FILES.contractYaml);
    fs.writeFileSync(path.join(dir, 'kong.yml'), PAYMENTS_FILES.kongYaml);
    return check.run(['kong.yml'], { contract: 'openapi.yaml' }, { cwd: dir });
  },
  async run(dir, r) {
    fs.writeFileSync(path.join(dir, 'kong.yml'), mutate(PAYMENTS_FILES.kongYaml, r, EXTRAS));
    fs.writeFileSync(
      path.join(dir, 'openapi.yaml'),
      r.int(10) === 0 ? mutate(PAYMENTS_FILES.contractYaml, r) : PAYMENTS_FILES.contractYaml,
    );
    const options = { contract: 'openapi.yaml', ...(r.int(8) === 0 ? { basePath: r.pick(['/v1', '', '/x/']) } : {}) };
    return declared(await check.run(['kong.yml'], options, { cwd: dir }));
  },
});
