/**
 * Fuzzes the load-test check's reader of load test files (bytes and structure: odd durations,
 * methods, paths, headers, thresholds). Only definitions the reader refuses reach the check's
 * run; sound ones would start a service, so they are read, not run (the spec runs real loads).
 *
 *   node -r @swc-node/register tools/fuzz/load-test.ts [--iterations N] [--seed S]
 */
import { resultOf } from '../../packages/plan/src/checks/contract';
import { readLoadSpec } from '../../packages/plan/src/checks/load-test/load-spec';
import { undeclaredRules } from '../../packages/plan/src/checks/rule-catalogue';
import { rules } from '../../packages/plan/src/checks/load-test/rule-catalogue';
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
  duration: [0, -1, 1e9, '5s', null],
  connections: [0, 1.5, 'ten'],
  method: ['FETCH', '', 7],
  path: ['items', '/a b', '/\u0000', '//x'],
  headers: { 'bad header': 'x', ok: 'a\r\nInjected: 1', n: 3 },
  thresholds: { p95: 3, p99Ms: -1, maxErrorRate: 2, minRps: '50' },
};

void fuzzMain({
  name: 'load-test',
  async baseline() {
    const read = readLoadSpec(PAYMENTS_FILES.loadYaml, 'load-test.yaml');
    return resultOf('load-test', read.findings);
  },
  async run(_dir, r) {
    const read = readLoadSpec(mutate(PAYMENTS_FILES.loadYaml, r, EXTRAS), 'load-test.yaml');
    if (read.spec && (read.spec.thresholds.length === 0 || read.spec.requests.length === 0))
      throw new Error('a load test without thresholds or requests was accepted');
    return declared(resultOf('load-test', read.findings));
  },
});
