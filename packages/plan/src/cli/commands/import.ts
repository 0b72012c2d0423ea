import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { escapeControl, formatDiagnostics } from '../../model/diagnostics';
import { PLAN_DOCUMENT_MAX_BYTES, readSourceFile } from '../../model/source-text';
import { importFolder } from '../../generators/import/import-folder';
import { writePlanFolder } from '../../generators/utils/plan-folder';
import { PLAN_KINDS, PlanKind } from '../../model/plan-schema';
import { oneOf, parse } from '../args';
import { FolderHost } from '../fs-host';
import { CliIO, UsageError } from '../io';

export const help = `Usage: plan import <PLAN.md> --directory <dir> [--name <name>] [--var key=value ...]
                   [--kind <kind>] [--scaffold] [--dry-run] [--force]

Reads a Markdown plan (seed 000's task format or seed 001's stream format) and
writes <dir>/plan.yaml, a re-rendered <dir>/PLAN.md, .gitignore, and the files the
plan creates: where the plan's kind has a module, the tasks and checklist items it
knows get their checks and its skill files; every other file is a marked
placeholder (folders get a README.md inside), listed as needing content. Writes go
through the manifest (.plan-manifest.json) like nx g plan:import: a re-run changes
nothing and a file you changed is kept and reported. Nothing is written when the
document has errors (exit 1).
  --directory, -d   folder of the new plan (created when missing)
  --name, -n        plan name, kebab-case (default: the folder name)
  --var key=value   fills {{ key }} / [Key] template variables; repeatable
  --kind            ${PLAN_KINDS.join('|')} (default: inferred from the document)
  --scaffold        also write the kind's skill files for the items it proves that
                    the document does not list (default: marked placeholders, so
                    nothing is verified before any work)
  --dry-run         print what would be written, write nothing
  --force           overwrite files changed since plan import wrote them (or that
                    existed before), never without it
`;

export async function importCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      directory: { type: 'string', short: 'd' },
      name: { type: 'string', short: 'n' },
      var: { type: 'string', multiple: true },
      kind: { type: 'string' },
      'dry-run': { type: 'boolean' },
      force: { type: 'boolean' },
      scaffold: { type: 'boolean' },
    },
    'import',
  );
  if (values.help) return (io.out(help), 0);
  const source = positionals[0];
  if (!source || positionals.length > 1) throw new UsageError('plan import needs one Markdown plan.\nRun "plan import --help" for usage.');
  if (typeof values.directory !== 'string' || values.directory === '')
    throw new UsageError('plan import needs --directory <dir>, the folder of the new plan.');
  // As nx g plan:import: a path with a control character cannot be written or shown faithfully.
  refuseControlCharacters(source, 'The Markdown plan path');
  refuseControlCharacters(values.directory, '--directory');
  const directory = path.resolve(io.cwd, values.directory);
  const name =
    typeof values.name === 'string'
      ? values.name
      : path
          .basename(directory)
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '');
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new UsageError(`The plan name "${name}" must be kebab-case: pass --name <name>.`);
  const kind = values.kind === undefined ? undefined : oneOf<PlanKind>(values.kind as string, PLAN_KINDS, '--kind', 'custom');
  const vars: Record<string, string> = {};
  for (const pair of (values.var as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var expects key=value (got "${pair}").`);
    vars[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  const sourcePath = path.resolve(io.cwd, source);
  if (!existsSync(sourcePath) || !statSync(sourcePath).isFile()) throw new UsageError(`No Markdown plan at ${source}.`);
  const display = path.relative(io.cwd, sourcePath) || source;

  // The size cap before reading; strict UTF-8 (a bad byte is located, not turned into U+FFFD).
  const read = readSourceFile(sourcePath, display, PLAN_DOCUMENT_MAX_BYTES);
  if (read.diagnostic) {
    io.err(`${formatDiagnostics([read.diagnostic])}\n${display}: 1 error(s); nothing written\n`);
    return 1;
  }
  const imported = importFolder(read.text, {
    file: display,
    source: display,
    name,
    scaffold: values.scaffold === true,
    values: vars,
    ...(kind ? { kind } : {}),
  });
  if (!imported.folder || !imported.plan) {
    io.err(`${formatDiagnostics(imported.diagnostics)}\n${display}: ${imported.diagnostics.length} error(s); nothing written\n`);
    return 1;
  }
  const dryRun = values['dry-run'] === true;
  const shown = (file: string) => path.relative(io.cwd, path.join(directory, file)) || file;
  // The writer of `nx g plan:import`: the manifest decides, so a re-run changes nothing and edits survive.
  const host = new FolderHost(directory, dryRun);
  const { report } = writePlanFolder(host, '.', imported.folder, { force: values.force === true, generator: 'plan:import' });
  for (const f of report.keptUserChanges)
    io.err(
      `kept ${shown(f)}: it exists and differs from what plan import writes (${dryRun ? 'would need' : 'use'} --force to overwrite)\n`,
    );
  for (const f of report.overwritten) io.err(`${dryRun ? 'would overwrite' : 'overwrote'} ${shown(f)} (--force)\n`);
  const plan = imported.plan;
  const verb = dryRun ? 'would write' : 'wrote';
  io.out(
    `${verb} ${shown('plan.yaml')} and ${shown('PLAN.md')} (plan "${plan.name}", ${plan.kind}, ${plan.phases.length} phase(s), ${plan.phases.reduce((n, p) => n + p.tasks.length, 0)} task(s))\n`,
  );
  io.out(
    `${dryRun ? 'would create' : 'created'} ${report.created.length}, ${dryRun ? 'would update' : 'updated'} ${report.updated.length + report.overwritten.length}, unchanged ${report.unchanged.length}, kept ${report.keptUserChanges.length} file(s) in ${path.relative(io.cwd, directory) || '.'}\n`,
  );
  const { tasks, items, unmatchedItems } = imported.proven;
  if (tasks.length + items.length > 0)
    io.out(
      `proven by the ${plan.kind} kind: ${tasks.length} task(s), ${items.length} item(s); ${unmatchedItems.length} item(s) have no check (unproven until attested)\n`,
    );
  if (imported.placeholders.length > 0 || imported.binaries.length > 0) {
    io.out(`${dryRun ? 'would create' : 'created'} ${imported.placeholders.length} placeholder(s); these files need content:\n`);
    for (const f of imported.placeholders) io.out(`  ${shown(f)}\n`);
    for (const b of imported.binaries) io.out(`  ${shown(b)}  (binary: not created)\n`);
  }
  return 0;
}

function refuseControlCharacters(given: string, what: string): void {
  const bad = [...given].find((c) => /[\u0000-\u001f\u007f-\u009f]/.test(c));
  if (!bad) return;
  const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  throw new UsageError(`${what} "${escapeControl(given)}" holds the control character U+${code}: rename it.`);
}
