import type { CheckResult } from '../checks/contract';
import { RuleCatalogue, undeclaredRules } from '../checks/rule-catalogue';

/**
 * Asserts that every rule a check result reports is declared in the check's catalogue, and returns
 * the result: specs wrap their `check.run` with it, so each case they run proves its rule ids.
 */
export function declared<R extends CheckResult>(catalogue: RuleCatalogue, result: R): R {
  expect(undeclaredRules(catalogue, result.findings)).toEqual([]);
  return result;
}
