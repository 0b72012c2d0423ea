import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { formatCommands, planCommands } from '../../checks/approvals';
import { evidenceOf } from '../../checks/evidence';
import { formatStatus, planStatus, RecordedOutcome } from '../../checks/plan-status';
import { RESULTS_DIR, resultFileOf } from '../../checks/results-file';
import { verifyPlan } from '../../checks/verify-plan';
import { allTasks, Plan } from '../../model/plan-schema';
import { parse } from '../args';
import { CliIO } from '../io';
import { loadOrReport, resolvePlanPath } from '../load';

export const help = `Usage: plan status <plan.yaml|folder|project> [--strict] [--json] [--no-nx]

Verifies the plan and prints one row per task:
  verified   the task's checks passed
  attested   no check; evidence recorded with "plan attest" still matches its files
  unproven   no check and no standing attestation: nothing proves it
  failed     a check failed (first finding shown)
  blocked    a task it depends on is not verified or attested
then the count of each, the progress, the remaining critical path in
minutes, and every shell command the plan runs (imported ones only once
approved: see plan approve). Inside an Nx workspace it runs the plan's targets through nx, so
results come from Nx's cache when nothing changed.
  --strict   exit 1 unless every task is verified or attested
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
  io.err(`verifying ${plan.name} (${allTasks(plan).length} tasks)…\n`);
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
  const keys = allTasks(plan).map((t) => t.key);
  io.err(`verifying ${plan.name} through nx (${keys.length} tasks; cached results are reused)…\n`);
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
      const outcome: Outcome = { status: recorded.status, results: recorded.results ?? [], blockedBy: [] };
      // The result file keeps the state; who attested, or why a task is unproven, comes from attestations.json.
      const task = allTasks(plan).find((t) => t.key === key)!;
      const evidence = recorded.status === 'attested' || recorded.status === 'unproven' ? evidenceOf(task, planDir) : undefined;
      outcomes.set(key, evidence?.status === recorded.status ? { ...outcome, ...evidence } : outcome);
    } catch {
      /* an unreadable result counts as not run */
    }
  }
  if (outcomes.size === 0 && run.status !== 0) io.err(`${(run.stdout ?? '') + (run.stderr ?? '')}\n`);
  return outcomes;
}
