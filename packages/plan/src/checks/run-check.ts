import './builtin';
import { CheckContext, CheckResult, CheckUsageError } from './contract';
import { optionProblems } from './check-options';
import { getCheck, optionsSchemaOf } from './registry';
import { undeclaredRules } from './rule-catalogue';

/**
 * Runs one registered check. Options that its schema rejects (unknown, wrong type) are a usage
 * error; every check gets options with its declared defaults filled in. Shared by the CLI, `plan verify` and the Nx executor.
 */
export async function runCheck(
  name: string,
  paths: string[],
  options: Record<string, unknown>,
  context: CheckContext,
): Promise<CheckResult> {
  const definition = await getCheck(name);
  const problems = optionProblems(name, options);
  if (problems.length > 0) throw new CheckUsageError(problems.map((p) => p.message).join('\n'));
  const known = new Set(definition.options.map((o) => o.name));
  for (const key of optionsSchemaOf(name) ? [] : Object.keys(options)) {
    if (!known.has(key)) {
      const list = [...known].map((k) => `"${k}"`).join(', ') || 'none';
      throw new CheckUsageError(`Check "${name}" has no option "${key}" (options: ${list}).`);
    }
  }
  const withDefaults: Record<string, unknown> = {};
  for (const spec of definition.options) {
    if (options[spec.name] !== undefined) withDefaults[spec.name] = options[spec.name];
    else if (spec.default !== undefined) withDefaults[spec.name] = spec.default;
  }
  const result = await definition.run(paths, withDefaults, context);
  // Checks registered at run time are not type-checked: a rule they did not declare (or a missing
  // catalogue, where every rule is undeclared) is a bug in the check.
  const undeclared = undeclaredRules(definition.rules, result.findings);
  if (undeclared.length > 0) {
    throw new Error(
      `Check "${name}" reported rule(s) its rule catalogue does not declare: ${undeclared.join(', ')}. Declare them in the check's rules (rule-catalogue.ts).`,
    );
  }
  return result;
}
