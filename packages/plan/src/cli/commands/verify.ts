import * as path from 'node:path';
import { formatResults, OUTPUT_FORMATS } from '../../checks/format';
import { TaskOutcome, verifyPlan } from '../../checks/verify-plan';
import { pluginVersion } from '../../utils/package-info';
import { oneOf, parse } from '../args';
import { CliIO } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan verify <plan.yaml|folder> [--task <key>]... [--format text|json|sarif]

Runs the plan's checks outside Nx, task by task in dependency order. A task
whose dependencies are not verified is reported as blocked and not run.
  --task <key>   verify this task and the tasks it depends on (repeatable)
  --format       text (default), json or sarif for the findings

Inside an Nx workspace prefer "nx run-many -t verify", which caches results.
Exit codes: 0 every selected task verified, 1 otherwise, 2 usage error.
`;

export async function verifyCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    { task: { type: 'string', short: 't', multiple: true }, format: { type: 'string', short: 'f' } },
    'verify',
  );
  if (values.help) return (io.out(help), 0);
  const format = oneOf(values.format as string | undefined, OUTPUT_FORMATS, '--format', 'text');
  const file = resolvePlanPath(positionals[0], io, 'verify');
  const plan = loadOrReport(file, io);
  if (!plan) return 1;
  const planDir = path.dirname(file);
  const displayRoot = path.relative(io.cwd, planDir);
  const progress = (text: string) => (format === 'text' ? io.out(text) : io.err(text));
  const outcomes = await verifyPlan(plan, planDir, {
    only: values.task as string[] | undefined,
    displayRoot,
    onTask: (o) => progress(`${symbol(o)} ${o.task.id} ${o.key}: ${describe(o)}\n`),
  });
  const results = outcomes.flatMap((o) => o.results);
  if (format === 'text') {
    const withFindings = results.filter((r) => r.findings.length > 0);
    if (withFindings.length) io.out('\n' + formatResults(withFindings, 'text', pluginVersion()));
  } else {
    io.out(formatResults(results, format, pluginVersion()));
  }
  const verified = outcomes.filter((o) => o.status === 'verified').length;
  progress(`${verified}/${outcomes.length} task(s) verified\n`);
  return verified === outcomes.length ? 0 : 1;
}

function symbol(o: TaskOutcome): string {
  return o.status === 'verified' ? '✔' : o.status === 'blocked' ? '…' : '✖';
}

function describe(o: TaskOutcome): string {
  if (o.status === 'blocked') return `blocked by ${o.blockedBy.join(', ')}`;
  if (o.status === 'verified') return 'verified';
  const first = o.results.flatMap((r) => r.findings).find((f) => f.severity === 'error');
  return `failed${first ? ` — ${first.file}${first.line ? `:${first.line}` : ''} ${first.message.split('\n')[0]}` : ''}`;
}
