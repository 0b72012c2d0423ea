import * as path from 'node:path';
import { cataloguesOf } from '../../checks/registry';
import { formatResults, OUTPUT_FORMATS } from '../../checks/format';
import { isDone, outcomeReport } from '../../checks/evidence';
import { verifyPlan } from '../../checks/verify-plan';
import { pluginVersion } from '../../utils/package-info';
import { oneOf, parse } from '../args';
import { CliIO } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan verify <plan.yaml|folder> [--task <key>]... [--format text|json|sarif]

Runs the plan's checks outside Nx, task by task in dependency order, then the
integration points and the success criteria, and reports each (and each of
its checklist items) verified, attested, unproven (no check, no attestation),
failed or blocked (a dependency failed or is unproven; not run). A
stream is verified only when every item is verified or attested.
  --task <key>   verify this task (or integration-N, success) and what it
                 depends on (repeatable)
  --format       text (default), json or sarif for the findings

Inside an Nx workspace prefer "nx run-many -t verify", which caches results.
Exit codes: 0 every selected task verified or attested, 1 otherwise, 2 usage error.
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
  const shownPlan = path.relative(io.cwd, file) || file;
  let helped = 0;
  const progress = (text: string) => (format === 'text' ? io.out(text) : io.err(text));
  const outcomes = await verifyPlan(plan, planDir, {
    only: values.task as string[] | undefined,
    displayRoot,
    // The "how to prove it" help once, at the first unproven task.
    onTask: (o) => progress(outcomeReport(o, shownPlan, o.status === 'unproven' && !helped++).text),
  });
  const results = outcomes.flatMap((o) => o.results);
  if (format === 'text') {
    const withFindings = results.filter((r) => r.findings.length > 0);
    if (withFindings.length) io.out('\n' + formatResults(withFindings, 'text', pluginVersion()));
  } else {
    const catalogues = format === 'sarif' ? await cataloguesOf(results.map((r) => r.check)) : undefined;
    io.out(formatResults(results, format, pluginVersion(), catalogues));
  }
  const count = (status: string) => outcomes.filter((o) => o.status === status).length;
  progress(
    `${count('verified')}/${outcomes.length} task(s) verified, ${count('attested')} attested, ` +
      `${count('unproven')} unproven, ${count('failed')} failed, ${count('blocked')} blocked\n`,
  );
  return outcomes.every((o) => isDone(o.status)) ? 0 : 1;
}
