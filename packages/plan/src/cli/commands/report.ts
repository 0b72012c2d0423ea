import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { collectResults } from '../../checks/collect-results';
import { formatResults, OUTPUT_FORMATS } from '../../checks/format';
import { cataloguesOf } from '../../checks/registry';
import { pluginVersion } from '../../utils/package-info';
import { oneOf, parse } from '../args';
import { CliIO, UsageError } from '../io';

export const help = `Usage: plan report [paths...] [--format text|json|sarif] [--out file]

Collects the recorded task results (.plan/results/*.json, written by every
verify task and restored from Nx's cache) under the given folders (default:
the current folder; node_modules and dot-folders are skipped) and prints
their findings, one result per check. In CI, after nx affected -t verify:
  plan report --format sarif --out plan.sarif
  --format text|json|sarif   output format (default text)
  --out <file>               write to a file instead of stdout
Exit codes: 0 (it reports, it does not gate), 2 usage error.
`;

/** `plan report`: the findings of the tasks that ran (or came from cache), in one document. */
export async function reportCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' }, out: { type: 'string' } }, 'report');
  if (values.help) return (io.out(help), 0);
  const format = oneOf(values.format as string | undefined, OUTPUT_FORMATS, '--format', 'text');
  const out = values.out as string | undefined;
  if (out !== undefined && out.trim() === '') throw new UsageError('--out needs a file name.');
  const collected = collectResults(positionals.length ? positionals : ['.'], io.cwd);
  for (const problem of collected.problems) io.err(`plan report: warning: ${problem}\n`);
  const catalogues = format === 'sarif' ? await cataloguesOf(collected.merged.map((r) => r.check)) : undefined;
  const text = formatResults(collected.merged, format, pluginVersion(), catalogues);
  const findings = collected.merged.reduce((n, r) => n + r.findings.length, 0);
  const summary = `${findings} finding(s) from ${collected.tasks.length} task result(s)`;
  if (out === undefined) {
    io.out(text);
    if (format !== 'text') io.err(`plan report: ${summary}\n`);
  } else {
    const file = path.resolve(io.cwd, out);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    io.err(`plan report: wrote ${out} (${summary})\n`);
  }
  if (collected.tasks.length === 0) io.err('plan report: no task results found; run the verify targets first (nx affected -t verify).\n');
  return 0;
}
