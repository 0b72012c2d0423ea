import * as path from 'node:path';
import { dependencyMap, topologicalWaves } from '../model/graph';
import { allTasks, Plan, Task } from '../model/plan-schema';
import { isApproved, notApprovedResult } from './approvals';
import { Attestation, AttestationsDocument, readAttestations } from './attestations';
import { CheckResult, CheckUsageError, Finding } from './contract';
import { evidenceOf, hasChecks, isDone, TaskStatus } from './evidence';
import { runCheck } from './run-check';

/** One check invocation of a task, with its paths relative to the plan folder. */
export interface PlannedCheck {
  uses: string;
  paths: string[];
  options: Record<string, unknown>;
  /** A command taken from an imported document: it runs only once approved (approvals.ts). */
  imported?: true;
}

/**
 * A task's checks in the order they run: first `files-exist` over every file the task creates
 * (the plan says they exist once the task is done), then the checks the plan lists. A check
 * without `with.paths` runs on the task's files.
 */
export function plannedChecks(task: Task): PlannedCheck[] {
  const created = task.files.filter((f) => f.action === 'create').map((f) => f.path);
  const planned: PlannedCheck[] = [];
  if (created.length > 0 && !task.checks.some((c) => c.uses === 'files-exist')) {
    const hints = Object.fromEntries(task.files.filter((f) => f.producedBy).map((f) => [f.path, f.producedBy!]));
    planned.push({ uses: 'files-exist', paths: created, options: Object.keys(hints).length ? { hints } : {} });
  }
  for (const check of task.checks) {
    const { paths, ...options } = check.with ?? {};
    const list =
      paths === undefined
        ? check.uses === 'command'
          ? []
          : task.files.map((f) => f.path)
        : Array.isArray(paths)
          ? paths.map(String)
          : [String(paths)];
    planned.push({ uses: check.uses, paths: list, options, ...(check.imported ? { imported: true as const } : {}) });
  }
  return planned;
}

export interface TaskOutcome {
  key: string;
  task: Task;
  status: TaskStatus;
  /** For a blocked task: the dependencies that are not done (verified or attested). */
  blockedBy: string[];
  results: CheckResult[];
  /** For an attested task: the attestation that stands. */
  attestation?: Attestation;
  /** For an unproven task: why nothing proves it. */
  reason?: string;
}

export interface VerifyOptions {
  /** Prefix for finding paths in output (e.g. the plan folder relative to the workspace). */
  displayRoot?: string;
  log?: (message: string) => void;
}

/**
 * Runs one task's checks; a usage or internal error of a check becomes an error finding. A task
 * whose plan lists no check is attested or unproven (see evidence.ts), never verified.
 */
export async function verifyTask(plan: Plan, planDir: string, key: string, options: VerifyOptions = {}): Promise<TaskOutcome> {
  const task = allTasks(plan).find((t) => t.key === key);
  if (!task)
    throw new CheckUsageError(
      `Plan "${plan.name}" has no task "${key}". Tasks: ${allTasks(plan)
        .map((t) => t.key)
        .join(', ')}.`,
    );
  const results: CheckResult[] = [];
  for (const planned of plannedChecks(task)) {
    options.log?.(`  ${task.key}: ${planned.uses} ${planned.paths.join(' ')}`.trimEnd());
    let result: CheckResult;
    const command = typeof planned.options.command === 'string' ? planned.options.command : '';
    const env = Array.isArray(planned.options.env) ? planned.options.env.map(String) : [];
    try {
      if (planned.uses === 'command' && planned.imported && !isApproved(approvalsOf(planDir), command, env)) {
        results.push(
          withDisplayRoot(notApprovedResult(task, command, path.join(options.displayRoot ?? '.', 'plan.yaml')), options.displayRoot),
        );
        continue;
      }
      result = await runCheck(planned.uses, planned.paths, planned.options, { cwd: planDir, log: options.log });
    } catch (error) {
      const message = error instanceof CheckUsageError ? error.message : `internal error: ${(error as Error).message}`;
      result = {
        check: planned.uses,
        ok: false,
        findings: [{ rule: 'plan/check-failed', severity: 'error', message: `${planned.uses}: ${message}`, file: 'plan.yaml' }],
      };
    }
    results.push(withDisplayRoot(result, options.displayRoot));
  }
  const outcome = { key, task, blockedBy: [], results };
  // A failing check is never overridden; an attestation only stands in for checks the task lacks.
  if (!results.every((r) => r.ok)) return { ...outcome, status: 'failed' };
  if (hasChecks(task)) return { ...outcome, status: 'verified' };
  return { ...outcome, ...evidenceOf(task, planDir) };
}

/**
 * Verifies a plan outside Nx: tasks in dependency order (wave by wave); a task whose
 * dependencies are not all done (verified or attested) is reported as blocked and not run.
 */
export async function verifyPlan(
  plan: Plan,
  planDir: string,
  options: VerifyOptions & { only?: string[]; onTask?: (outcome: TaskOutcome) => void } = {},
): Promise<TaskOutcome[]> {
  const deps = dependencyMap(plan);
  const selected = options.only ? withUpstream(plan, options.only) : undefined;
  const outcomes = new Map<string, TaskOutcome>();
  for (const wave of topologicalWaves(plan)) {
    for (const key of wave) {
      if (selected && !selected.has(key)) continue;
      const blockedBy = (deps.get(key) ?? []).filter((d) => !isDone(outcomes.get(d)?.status ?? 'blocked'));
      const outcome: TaskOutcome = blockedBy.length
        ? { key, task: allTasks(plan).find((t) => t.key === key)!, status: 'blocked', blockedBy, results: [] }
        : await verifyTask(plan, planDir, key, options);
      outcomes.set(key, outcome);
      options.onTask?.(outcome);
    }
  }
  return allTasks(plan)
    .map((t) => outcomes.get(t.key))
    .filter((o): o is TaskOutcome => o !== undefined);
}

function withUpstream(plan: Plan, keys: string[]): Set<string> {
  const deps = dependencyMap(plan);
  const known = new Set(allTasks(plan).map((t) => t.key));
  const out = new Set<string>();
  const queue = [...keys];
  while (queue.length) {
    const key = queue.pop()!;
    if (!known.has(key)) throw new CheckUsageError(`Plan "${plan.name}" has no task "${key}". Tasks: ${[...known].join(', ')}.`);
    if (out.has(key)) continue;
    out.add(key);
    queue.push(...(deps.get(key) ?? []));
  }
  return out;
}

function withDisplayRoot(result: CheckResult, root: string | undefined): CheckResult {
  if (!root || root === '.') return result;
  const findings: Finding[] = result.findings.map((f) => ({ ...f, file: path.isAbsolute(f.file) ? f.file : path.join(root, f.file) }));
  return { ...result, findings };
}

/** The approvals beside a plan; a broken attestations.json approves nothing (evidence.ts reports it). */
function approvalsOf(planDir: string): AttestationsDocument {
  try {
    return readAttestations(planDir);
  } catch {
    return { version: 1, attestations: {} };
  }
}
