import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostics } from '../../model/diagnostics';
import { importPlan } from '../../model/markdown/import-plan';
import { applySkillTemplates } from '../../generators/import/skill-templates';
import { PLAN_KINDS, PlanKind } from '../../model/plan-schema';
import { oneOf, parse } from '../args';
import { CliIO, UsageError } from '../io';

export const help = `Usage: plan import <PLAN.md> --directory <dir> [--name <name>] [--var key=value ...]
                   [--kind <kind>] [--dry-run] [--force]

Reads a Markdown plan (seed 000's task format or seed 001's stream format) and
writes <dir>/plan.yaml, a re-rendered <dir>/PLAN.md, and a marked placeholder for
every file the plan creates (folders get a README.md inside), listed as needing
content. Nothing is written when the document has errors (exit 1).
  --directory, -d   folder of the new plan (created when missing)
  --name, -n        plan name, kebab-case (default: the folder name)
  --var key=value   fills {{ key }} / [Key] template variables; repeatable
  --kind            ${PLAN_KINDS.join('|')} (default: inferred from the document)
  --dry-run         print what would be written, write nothing
  --force           overwrite files that exist (never without it)
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
    },
    'import',
  );
  if (values.help) return (io.out(help), 0);
  const source = positionals[0];
  if (!source || positionals.length > 1) throw new UsageError('plan import needs one Markdown plan.\nRun "plan import --help" for usage.');
  if (typeof values.directory !== 'string' || values.directory === '')
    throw new UsageError('plan import needs --directory <dir>, the folder of the new plan.');
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

  const parsed = importPlan(readFileSync(sourcePath), { file: display, name, values: vars, ...(kind ? { kind } : {}) });
  // Skill templates (real files, the skills' checks) where the plan's skills have them.
  const result = parsed.plan ? applySkillTemplates(parsed, { source: display }) : parsed;
  if (!result.plan) {
    io.err(`${formatDiagnostics(result.diagnostics)}\n${display}: ${result.diagnostics.length} error(s); nothing written\n`);
    return 1;
  }
  const shown = (file: string) => path.relative(io.cwd, path.join(directory, file)) || file;
  const existing = result.files.filter((f) => existsSync(path.join(directory, f.path)));
  const dryRun = values['dry-run'] === true;
  if (existing.length > 0 && !values.force) {
    const list = existing.map((f) => `  ${shown(f.path)}`).join('\n');
    if (!dryRun) {
      io.err(`These files exist and would be overwritten:\n${list}\nNothing written: pass --force to overwrite them.\n`);
      return 1;
    }
    io.out(`exists (needs --force):\n${list}\n`);
  }
  const placeholders = result.files.filter((f) => f.placeholder);
  for (const file of result.files) {
    const target = path.join(directory, file.path);
    if (!dryRun) {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
  }
  const verb = dryRun ? 'would write' : 'wrote';
  io.out(
    `${verb} ${shown('plan.yaml')} and ${shown('PLAN.md')} (plan "${result.plan.name}", ${result.plan.kind}, ${result.plan.phases.length} phase(s), ${result.plan.phases.reduce((n, p) => n + p.tasks.length, 0)} task(s))\n`,
  );
  if (placeholders.length > 0 || result.binaries.length > 0) {
    io.out(`${dryRun ? 'would create' : 'created'} ${placeholders.length} placeholder(s); these files need content:\n`);
    for (const f of placeholders) io.out(`  ${shown(f.path)}\n`);
    for (const b of result.binaries) io.out(`  ${shown(b)}  (binary: not created)\n`);
  }
  return 0;
}
