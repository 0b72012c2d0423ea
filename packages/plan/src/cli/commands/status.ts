import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { formatCommands, planCommands } from '../../checks/approvals';
import { evidenceOf, itemEvidenceOf } from '../../checks/evidence';
import { formatStatus, planStatus, RecordedOutcome } from '../../checks/plan-status';
import { RESULTS_DIR, resultFileOf } from '../../checks/results-file';
import { ItemOutcome, verifyPlan } from '../../checks/verify-plan';
import { planUnits } from '../../model/items';
import { Plan, Task } from '../../model/plan-schema';
import { parse } from '../args';
import { CliIO } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan status <plan.yaml|folder|project> [--strict] [--json] [--no-nx]

Verifies the plan and prints one row per task (stream), integration point and
the success criteria, each with its checklist items (id, priority, state, first
finding). Every task and item is:
  verified   the task's checks passed
  attested   no check; evidence recorded with "plan attest" still matches its files
  unproven   no check and no standing attestation: nothing proves it
  failed     a check failed (first finding shown)
  blocked    a task it depends on is not verified or attested
then the count of each, the progress, the remaining critical path in
minutes (naming the tasks without an estimate), and every shell command the plan runs (imported ones only once
approved: see plan approve). Inside an Nx workspace it runs the plan's targets through nx, so
results come from Nx's cache when nothing changed.
  --strict   exit 1 unless every task, integration point, success criterion
             and item is verified or attested
  --json     print the status as JSON
  --no-nx    verify directly, without nx
`;

type Outcome = RecordedOutcome;

export async function statusCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    { strict: { type: 'boolean' }, json: { type: 'boolean' }, 'no-nx': { type: 'boolean' } },
    'status',
  );
  if (values.help) return (io.out(help), 0);
  const file = resolvePlanPath(positionals[0], io, 'status');
  const plan = loadOrReport(file, io);
  if (!plan) return 1;
  const planDir = path.dirname(file);
  const workspace = values['no-nx'] ? undefined : nxWorkspaceOf(planDir);
  const outcomes = workspace ? verifyThroughNx(plan, planDir, workspace, io) : await verifyDirectly(plan, planDir, io);
  const status = planStatus(plan, outcomes);
  const commands = planCommands(plan, planDir);
  if (values.json) io.out(JSON.stringify({ ...status, commands }, null, 2) + '\n');
  else
    io.out(
      [formatStatus(status, path.relative(io.cwd, file) || file), ...formatCommands(commands, path.relative(io.cwd, planDir) || '.')].join(
        '\n',
      ) + (commands.length ? '\n' : ''),
    );
  return values.strict && status.done !== status.total ? 1 : 0;
}

async function verifyDirectly(plan: Plan, planDir: string, io: CliIO): Promise<Map<string, Outcome>> {
  io.err(`verifying ${plan.name} (${planUnits(plan).length} targets)…\n`);
  const outcomes = await verifyPlan(plan, planDir, { displayRoot: path.relative(io.cwd, planDir) });
  return new Map(outcomes.map((o) => [o.key, o]));
}

/** The workspace root above `dir` that has nx.json and a local nx install. */
function nxWorkspaceOf(dir: string): { root: string; nx: string } | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const nx = path.join(current, 'node_modules', '.bin', 'nx');
    if (existsSync(path.join(current, 'nx.json')) && existsSync(nx)) return { root: current, nx };
    if (path.dirname(current) === current) return undefined;
  }
}

/** Runs every task target through nx (cache hits restore each task's result file), then reads them. */
function verifyThroughNx(plan: Plan, planDir: string, workspace: { root: string; nx: string }, io: CliIO): Map<string, Outcome> {
  rmSync(path.join(planDir, RESULTS_DIR), { recursive: true, force: true });
  const units = planUnits(plan);
  const keys = units.map((u) => u.key);
  io.err(`verifying ${plan.name} through nx (${keys.length} targets; cached results are reused)…\n`);
  const run = spawnSync(workspace.nx, ['run-many', '-t', keys.join(','), '-p', plan.name, '--nxBail=false', '--outputStyle=static'], {
    cwd: workspace.root,
    env: { ...process.env, NX_TUI: 'false' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) io.err(`nx could not start (${run.error.message}); falling back is possible with --no-nx\n`);
  const outcomes = new Map<string, Outcome>();
  for (const key of keys) {
    const file = path.join(planDir, resultFileOf(key));
    if (!existsSync(file)) continue;
    try {
      const recorded = JSON.parse(readFileSync(file, 'utf8'));
      const task = units.find((u) => u.key === key)!.task;
      const items = Array.isArray(recorded.items) ? recordedItems(task, recorded.items, planDir) : undefined;
      const outcome: Outcome = {
        status: recorded.status,
        results: recorded.results ?? [],
        blockedBy: [],
        ...(typeof recorded.reason === 'string' ? { reason: recorded.reason } : {}),
        ...(items ? { items } : {}),
      };
      // The result file keeps the state; who attested, or why a task is unproven, comes from attestations.json.
      const evidence =
        !task.items.length && (recorded.status === 'attested' || recorded.status === 'unproven') ? evidenceOf(task, planDir) : undefined;
      const fromItems = task.items.length && recorded.status === 'attested' ? items?.find((i) => i.attestation)?.attestation : undefined;
      outcomes.set(
        key,
        evidence?.status === recorded.status ? { ...outcome, ...evidence } : fromItems ? { ...outcome, attestation: fromItems } : outcome,
      );
    } catch {
      /* an unreadable result counts as not run */
    }
  }
  if (outcomes.size === 0 && run.status !== 0) io.err(`${(run.stdout ?? '') + (run.stderr ?? '')}\n`);
  return outcomes;
}

/** Item outcomes from a result file; who attested an item, or why it is unproven, comes from attestations.json. */
function recordedItems(task: Task, recorded: unknown[], planDir: string): ItemOutcome[] {
  const out: ItemOutcome[] = [];
  for (const entry of recorded) {
    const r = entry as Partial<ItemOutcome>;
    const item = task.items.find((i) => i.id === r?.id);
    if (!item || typeof r.status !== 'string') continue;
    const base: ItemOutcome = {
      id: item.id!,
      text: item.text,
      ...(item.priority ? { priority: item.priority } : {}),
      status: r.status,
      results: Array.isArray(r.results) ? r.results : [],
      blockedBy: [],
      ...(typeof r.reason === 'string' ? { reason: r.reason } : {}),
    };
    const evidence = r.status === 'attested' || r.status === 'unproven' ? itemEvidenceOf(item, task, planDir) : undefined;
    out.push(evidence?.status === r.status ? { ...base, ...evidence } : base);
  }
  return out;
}
