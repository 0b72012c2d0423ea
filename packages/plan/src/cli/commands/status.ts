import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { formatCommands, planCommands } from '../../checks/approvals';
import { evidenceOf, hasChecks, itemEvidenceOf, letsDependantsRun, unitStatus } from '../../checks/evidence';
import { formatStatus, planStatus, RecordedOutcome } from '../../checks/plan-status';
import { runningNx } from '../../checks/nx-runs';
import { resultFileOf } from '../../checks/results-file';
import { originOf, readLedger } from '../../checks/result-origin';
import { ItemOutcome, verifyPlan } from '../../checks/verify-plan';
import { topologicalWaves } from '../../model/graph';
import { hasItemTarget, itemTargetName, itemUnits, planUnits, unitDependencies, unitOrder } from '../../model/items';
import { Plan, Task } from '../../model/plan-schema';
import { parse } from '../args';
import { CliIO } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';
import { unseenProjectReason } from './unseen-project';

export const help = `Usage: plan status <plan.yaml|folder|project> [--strict] [--json] [--no-nx] [--no-remote]

Verifies the plan and prints one row per task (stream), integration point and
the success criteria, each with its checklist items (id, priority, state, first
finding). Every task and item is:
  verified   the task's checks passed
  attested   no check; evidence recorded with "plan attest" still matches its files
  unproven   no check and no standing attestation: nothing proves it
  failed     a check failed (first finding shown)
  blocked    a task it depends on failed or is unproven (one that only
             awaits attestation of items marked unprovable does not block)
then the count of each, the progress, the remaining critical path in
minutes (naming the tasks without an estimate), and every shell command the plan runs (imported ones only once
approved: see plan approve). Inside an Nx workspace it runs the plan's targets through nx, so
results come from Nx's cache when nothing changed; while another nx process runs the plan's
targets it waits for that run to end (so that its results reach Nx's cache first).
  --strict   exit 1 unless every task, integration point, success criterion
             and item is verified or attested
  --json     print the status as JSON
  --no-nx    verify directly, without nx
  --no-remote  trust only results produced on this machine: nx runs without the
             remote cache, and any result this machine did not produce is
             verified again here (results read from a remote cache are marked
             [remote cache] otherwise)
`;

type Outcome = RecordedOutcome;

export async function statusCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    { strict: { type: 'boolean' }, json: { type: 'boolean' }, 'no-nx': { type: 'boolean' }, 'no-remote': { type: 'boolean' } },
    'status',
  );
  if (values.help) return (io.out(help), 0);
  const file = resolvePlanPath(positionals[0], io, 'status');
  const plan = loadOrReport(file, io);
  if (!plan) return 1;
  const planDir = path.dirname(file);
  const workspace = values['no-nx'] ? undefined : nxWorkspaceOf(planDir);
  if (workspace && !waitForOtherNxRuns(plan.name, planDir, io)) return 1;
  const outcomes = workspace
    ? verifyThroughNx(plan, planDir, workspace, io, { noRemote: values['no-remote'] === true })
    : await verifyDirectly(plan, planDir, io);
  const unseen = workspace && outcomes.size === 0 ? unseenProjectReason(plan.name, file, workspace) : undefined;
  if (unseen) return (io.err(`plan status: ${unseen}\n`), 1);
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

/**
 * Runs every task target through nx (cache hits restore each task's result file), then reads them,
 * each with where it came from (result-origin.ts). With `noRemote`, nx skips the remote cache and
 * any result this machine did not produce is verified again, skipping every cache.
 */
function verifyThroughNx(
  plan: Plan,
  planDir: string,
  workspace: { root: string; nx: string },
  io: CliIO,
  options: { noRemote?: boolean } = {},
): Map<string, Outcome> {
  const since = Date.now();
  const remoteFlags = options.noRemote ? ['--skip-remote-cache'] : [];
  const outcomes = runAndRead(plan, planDir, workspace, io, remoteFlags, since);
  if (!options.noRemote) return outcomes;
  const foreign = [...outcomes].filter(([, o]) => o.origin === 'remote').map(([key]) => key);
  if (!foreign.length) return outcomes;
  io.err(`${foreign.length} result(s) were not produced on this machine: verifying ${foreign.join(', ')} again…\n`);
  const again = runAndRead(plan, planDir, workspace, io, [...remoteFlags, '--skip-nx-cache'], Date.now(), foreign);
  for (const key of foreign) {
    const outcome = again.get(key);
    if (outcome) outcomes.set(key, outcome);
    else outcomes.delete(key);
  }
  return outcomes;
}

/** How long status waits for another nx run of the plan's targets before giving up. */
const WAIT_LIMIT_MS = 30 * 60_000;

/**
 * Waits while another nx process runs this plan's targets (checks/nx-runs.ts): deleting the
 * result files under it could leave a target cached without its result. False after WAIT_LIMIT_MS.
 */
function waitForOtherNxRuns(name: string, planDir: string, io: CliIO): boolean {
  const started = Date.now();
  let said = '';
  for (let running = runningNx(planDir); running.length > 0; running = runningNx(planDir)) {
    const pids = running.join(', ');
    if (Date.now() - started > WAIT_LIMIT_MS) {
      io.err(`plan status: nx (pid ${pids}) has been running ${name}'s targets for over 30 min: run plan status again when it ends\n`);
      return false;
    }
    if (said !== pids) io.err(`waiting for nx (pid ${pids}), which is running ${name}'s targets, to finish…\n`);
    said = pids;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  return true;
}

function runAndRead(
  plan: Plan,
  planDir: string,
  workspace: { root: string; nx: string },
  io: CliIO,
  extraFlags: string[],
  since: number,
  only?: string[],
): Map<string, Outcome> {
  const units = planUnits(plan);
  const keys = only ?? units.map((u) => u.key);
  // Items that are their own targets run as dependencies of their unit's target.
  const ownTargets = itemUnits(plan).filter((i) => keys.includes(i.unit.key));
  for (const key of [...keys, ...ownTargets.map((i) => i.key)]) rmSync(path.join(planDir, resultFileOf(key)), { force: true });
  if (!only) io.err(`verifying ${plan.name} through nx (${keys.length} targets; cached results are reused)…\n`);
  const args = ['run-many', '-t', keys.join(','), '-p', plan.name, '--nxBail=false', '--outputStyle=static', ...extraFlags];
  const run = spawnSync(workspace.nx, args, {
    cwd: workspace.root,
    env: { ...process.env, NX_TUI: 'false', ...(extraFlags.includes('--skip-remote-cache') ? { NX_SKIP_REMOTE_CACHE: 'true' } : {}) },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) io.err(`nx could not start (${run.error.message}); falling back is possible with --no-nx\n`);
  const ledger = readLedger(workspace.root);
  const outcomes = new Map<string, Outcome>();
  for (const key of keys) {
    const file = path.join(planDir, resultFileOf(key));
    if (!existsSync(file)) continue;
    try {
      const content = readFileSync(file, 'utf8');
      const recorded = JSON.parse(content);
      const task = units.find((u) => u.key === key)!.task;
      const items = Array.isArray(recorded.items) ? recordedItems(task, recorded.items, planDir) : undefined;
      const outcome: Outcome = {
        status: recorded.status,
        results: recorded.results ?? [],
        blockedBy: [],
        ...(typeof recorded.reason === 'string' ? { reason: recorded.reason } : {}),
        ...(items ? { items } : {}),
        origin: originOf(content, ledger, since),
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
  gatherUnits(plan, keys, outcomes, planDir);
  if (outcomes.size === 0 && run.status !== 0) io.err(`${(run.stdout ?? '') + (run.stderr ?? '')}\n`);
  return outcomes;
}

/**
 * Adds the units whose targets did not run but whose items' targets did (see gatheredOutcome),
 * dependencies first: a unit is gathered only when every unit it depends on lets it run (Nx
 * restores an item's cached result even when its stream's dependency then fails: blocked).
 */
export function gatherUnits(plan: Plan, keys: readonly string[], outcomes: Map<string, Outcome>, planDir: string): void {
  const deps = unitDependencies(plan);
  const byKey = new Map(planUnits(plan).map((u) => [u.key, u.task]));
  for (const key of unitOrder(plan, topologicalWaves(plan))) {
    if (!keys.includes(key) || outcomes.has(key)) continue;
    if (!(deps.get(key) ?? []).every((d) => letsDependantsRun(byKey.get(d)!, outcomes.get(d)))) continue;
    const gathered = gatheredOutcome(plan, byKey.get(key)!, key, planDir);
    if (gathered) outcomes.set(key, gathered);
  }
}

/**
 * A unit whose target did not run because one of its items' own targets failed (Nx skips the
 * dependants of a failed task): its state from what its items' targets recorded, its other items
 * from their attestations. Undefined when no item of it recorded anything (the unit was blocked
 * upstream) or when the unit has checks of its own, which did not run.
 */
export function gatheredOutcome(plan: Plan, task: Task, key: string, planDir: string): Outcome | undefined {
  if (hasChecks(task)) return undefined;
  const recorded = new Map<string, ItemOutcome>();
  for (const item of task.items.filter((i) => hasItemTarget(plan, i))) {
    const file = path.join(planDir, resultFileOf(itemTargetName(key, item.id!)));
    try {
      const [entry] = recordedItems(task, JSON.parse(readFileSync(file, 'utf8')).items ?? [], planDir);
      if (entry) recorded.set(entry.id, entry);
    } catch {
      /* not run */
    }
  }
  if (recorded.size === 0) return undefined;
  const items: ItemOutcome[] = task.items.map((item) => {
    const base = { id: item.id!, text: item.text, ...(item.priority ? { priority: item.priority } : {}), results: [], blockedBy: [] };
    if (hasItemTarget(plan, item))
      return recorded.get(item.id!) ?? { ...base, status: 'blocked' as const, reason: 'its target did not run' };
    return { ...base, ...itemEvidenceOf(item, task, planDir) };
  });
  return { ...unitStatus([], items, false), results: items.flatMap((i) => i.results), blockedBy: [], items };
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
