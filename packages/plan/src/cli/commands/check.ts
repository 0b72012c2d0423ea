import { CheckDefinition, CheckUsageError } from '../../checks/contract';
import { formatResults, exitCodeOf, OUTPUT_FORMATS } from '../../checks/format';
import { runCheck } from '../../checks/run-check';
import { listRules } from '../../checks/rule-catalogue';
import { pluginVersion } from '../../utils/package-info';
import { kebab, oneOf, parse } from '../args';
import { CliIO, UsageError } from '../io';

export function checkHelp(check: CheckDefinition<any>): string {
  const lines = [
    `Usage: plan ${check.name} <paths...> [--format text|json|sarif] [options]`,
    `       plan ${check.name} --list-rules [--json]`,
    '',
    check.summary,
    '',
    `Paths: ${check.pathsDescription}`,
    '',
    'Options:',
  ];
  lines.push('  --format text|json|sarif   output format (default text)');
  lines.push('  --list-rules               the rules this check reports: id, default severity, help, help URI (--json for JSON)');
  for (const o of check.options) {
    const flag = o.type === 'boolean' ? `--${kebab(o.name)}` : `--${kebab(o.name)} <${o.type === 'string[]' ? 'value,...' : o.type}>`;
    lines.push(
      `  ${flag.padEnd(26)} ${o.description}${o.default !== undefined && o.type !== 'boolean' ? ` (default ${JSON.stringify(o.default)})` : ''}`,
    );
  }
  lines.push('', 'Exit codes: 0 ok, 1 an error finding, 2 usage or internal error.', '');
  return lines.join('\n');
}

/** `plan <check> <paths...>`: parses the check's declared options and prints its result. */
export async function checkCommand(check: CheckDefinition<any>, args: string[], io: CliIO): Promise<number> {
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    format: { type: 'string' },
    'list-rules': { type: 'boolean' },
    json: { type: 'boolean' },
  };
  for (const o of check.options)
    config[kebab(o.name)] =
      o.type === 'string[]' ? { type: 'string', multiple: true } : { type: o.type === 'boolean' ? 'boolean' : 'string' };
  const { values, positionals } = parse(args, config, check.name);
  if (values.help) return (io.out(checkHelp(check)), 0);
  if (values['list-rules']) return listRulesCommand(check, positionals, values.json === true, io);
  if (values.json) throw new UsageError(`--json goes with --list-rules; for findings as JSON use --format json.`);
  const format = oneOf(values.format as string | undefined, OUTPUT_FORMATS, '--format', 'text');
  const options: Record<string, unknown> = {};
  for (const o of check.options) {
    const raw = values[kebab(o.name)];
    if (raw === undefined) continue;
    if (o.type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`--${kebab(o.name)} must be a number (got "${raw}").`);
      options[o.name] = n;
    } else if (o.type === 'string[]') {
      options[o.name] = (raw as string[])
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean);
    } else options[o.name] = raw;
  }
  if (positionals.length === 0 && check.name !== 'command')
    throw new UsageError(`plan ${check.name} needs at least one path.\nRun "plan ${check.name} --help" for usage.`);
  try {
    const result = await runCheck(check.name, positionals, options, { cwd: io.cwd, log: (m) => io.err(`${m}\n`) });
    io.out(formatResults([result], format, pluginVersion(), () => check.rules));
    return exitCodeOf([result]);
  } catch (error) {
    if (error instanceof CheckUsageError) throw new UsageError(error.message);
    throw error;
  }
}

/** `plan <check> --list-rules [--json]`: the check's rule catalogue. */
function listRulesCommand(check: CheckDefinition<any>, positionals: string[], json: boolean, io: CliIO): number {
  if (positionals.length > 0) throw new UsageError(`--list-rules takes no paths (got "${positionals[0]}").`);
  if (!check.rules)
    throw new UsageError(`Check "${check.name}" declares no rule catalogue (a check registered at run time must declare its rules).`);
  const rules = listRules(check.name, check.rules);
  if (json) return (io.out(JSON.stringify({ check: check.name, rules }, null, 2) + '\n'), 0);
  const width = Math.max(...rules.map((r) => r.id.length), 4);
  const lines = rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.help}`);
  lines.push('', `${rules.length} rule(s). More: ${rules[0]?.helpUri ?? ''}`, '');
  io.out(lines.join('\n'));
  return 0;
}
