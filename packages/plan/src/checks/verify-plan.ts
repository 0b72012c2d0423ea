import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { topologicalWaves } from '../model/graph';
import { hasItemTarget, itemId, itemTargetName, planUnits, unitDependencies, unitOrder } from '../model/items';
import { FileEntry, CheckRef, Item, Plan, Task } from '../model/plan-schema';
import { isApproved, notApprovedResult } from './approvals';
import { Attestation, AttestationsDocument, readAttestations } from './attestations';
import { CheckResult, CheckUsageError, Finding } from './contract';
import { evidenceOf, hasChecks, itemEvidenceOf, letsDependantsRun, TaskStatus, unitStatus } from './evidence';
import { resultFileOf } from './results-file';
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
  return plannedChecksOf(task.files, task.checks, task.files);
}

/**
 * An item's checks, planned as a task's: `files-exist` over the files it creates, then its checks.
 * A check without `with.paths` runs on the item's files, else on its stream's files.
 */
export function plannedItemChecks(item: Item, task: Task): PlannedCheck[] {
  return plannedChecksOf(item.files, item.checks, item.files.length ? item.files : task.files);
}

function plannedChecksOf(files: FileEntry[], checks: CheckRef[], defaultFiles: FileEntry[]): PlannedCheck[] {
  const created = files.filter((f) => f.action === 'create').map((f) => f.path);
  const planned: PlannedCheck[] = [];
  if (created.length > 0 && !checks.some((c) => c.uses === 'files-exist')) {
    const hints = Object.fromEntries(files.filter((f) => f.producedBy).map((f) => [f.path, f.producedBy!]));
    planned.push({ uses: 'files-exist', paths: created, options: Object.keys(hints).length ? { hints } : {} });
  }
  for (const check of checks) {
    const { paths, ...options } = check.with ?? {};
    const list =
      paths === undefined
        ? check.uses === 'command'
          ? []
          : defaultFiles.map((f) => f.path)
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
  /** Every check result: the task's own checks, then its items'. */
  results: CheckResult[];
  /** For an attested task: the attestation that stands. */
  attestation?: Attestation;
  /** For an unproven task: why nothing proves it. */
  reason?: string;
  /** One outcome per checklist item (a blocked task's items are blocked). */
  items?: ItemOutcome[];
}

/** The state of one checklist item: verified by its checks, attested, unproven, failed or blocked. */
export interface ItemOutcome {
  id: string;
  text: string;
  priority?: Item['priority'];
  status: TaskStatus;
  results: CheckResult[];
  attestation?: Attestation;
  reason?: string;
  blockedBy: string[];
}

export interface VerifyOptions {
  /** Prefix for finding paths in output (e.g. the plan folder relative to the workspace). */
  displayRoot?: string;
  log?: (message: string) => void;
  /**
   * Items that are their own targets (itemTargets: true) were verified by those targets, which ran
   * before this one (Nx): read their recorded results instead of running their checks again.
   */
  recordedItems?: boolean;
}

/**
 * Runs one unit's checks (a task, an integration point or the success criteria): its own, then each
 * item's; a usage or internal error of a check becomes an error finding. A task whose plan lists no
 * check is attested or unproven (see evidence.ts), never verified; a task with items is verified
 * only when every item is verified or attested and its own checks pass.
 */
export async function verifyTask(plan: Plan, planDir: string, key: string, options: VerifyOptions = {}): Promise<TaskOutcome> {
  const units = planUnits(plan);
  const task = units.find((u) => u.key === key)?.task;
  if (!task) throw new CheckUsageError(`Plan "${plan.name}" has no task "${key}". Tasks: ${units.map((u) => u.key).join(', ')}.`);
  const results: CheckResult[] = [];
  for (const planned of plannedChecks(task)) results.push(await runPlanned(planned, task.key, task, planDir, options));
  const items: ItemOutcome[] = [];
  for (const item of task.items) {
    if (options.recordedItems && hasItemTarget(plan, item)) {
      items.push(recordedItemOutcome(planDir, itemTargetName(key, itemId(item)), item));
      continue;
    }
    const itemResults: CheckResult[] = [];
    for (const planned of plannedItemChecks(item, task))
      itemResults.push(await runPlanned(planned, `${task.key} ${itemId(item)}`, task, planDir, options));
    items.push(itemOutcome(item, task, itemResults, planDir));
  }
  const outcome = { key, task, blockedBy: [], results: [...results, ...items.flatMap((i) => i.results)] };
  if (items.length) return { ...outcome, items, ...unitStatus(results, items, hasChecks(task)) };
  // A failing check is never overridden; an attestation only stands in for checks the task lacks.
  if (!results.every((r) => r.ok)) return { ...outcome, status: 'failed' };
  if (hasChecks(task)) return { ...outcome, status: 'verified' };
  return { ...outcome, ...evidenceOf(task, planDir) };
}

/**
 * One item that is its own target (itemTargets: true): its checks, as its unit would run them. The
 * outcome is the item's, under its target's key; its unit gathers it (`recordedItems`).
 */
export async function verifyItem(plan: Plan, planDir: string, key: string, id: string, options: VerifyOptions = {}): Promise<TaskOutcome> {
  const task = planUnits(plan).find((u) => u.key === key)?.task;
  const item = task?.items.find((i) => itemId(i) === id);
  if (!task || !item) throw new CheckUsageError(`Plan "${plan.name}" has no item "${id}" in "${key}".`);
  const results: CheckResult[] = [];
  for (const planned of plannedItemChecks(item, task)) results.push(await runPlanned(planned, `${key} ${id}`, task, planDir, options));
  const outcome = itemOutcome(item, task, results, planDir);
  const target = itemTargetName(key, id);
  const shown: Task = { ...task, id: target, key: target, title: item.text, items: [item], checks: [], files: [] };
  return {
    key: target,
    task: shown,
    status: outcome.status,
    blockedBy: [],
    results,
    items: [outcome],
    ...(outcome.reason ? { reason: outcome.reason } : {}),
  };
}

/** What an item's own target recorded (`.plan/results/<target>.json`); failed when it recorded nothing. */
function recordedItemOutcome(planDir: string, target: string, item: Item): ItemOutcome {
  const base = { id: itemId(item), text: item.text, ...(item.priority ? { priority: item.priority } : {}), blockedBy: [] };
  try {
    const record = JSON.parse(readFileSync(path.join(planDir, resultFileOf(target)), 'utf8')) as { items?: Partial<ItemOutcome>[] };
    const recorded = record.items?.find((i) => i.id === base.id);
    if (recorded && typeof recorded.status === 'string' && Array.isArray(recorded.results))
      return {
        ...base,
        status: recorded.status,
        results: recorded.results,
        ...(typeof recorded.reason === 'string' ? { reason: recorded.reason } : {}),
      };
  } catch {
    /* no result: below */
  }
  return { ...base, status: 'failed', results: [], reason: `no result recorded by its target ${target}` };
}

function itemOutcome(item: Item, task: Task, results: CheckResult[], planDir: string): ItemOutcome {
  const base = { id: itemId(item), text: item.text, ...(item.priority ? { priority: item.priority } : {}), results, blockedBy: [] };
  if (!results.every((r) => r.ok)) return { ...base, status: 'failed' };
  if (item.checks.length > 0) return { ...base, status: 'verified' };
  return { ...base, ...itemEvidenceOf(item, task, planDir) };
}

/** Items of a unit that did not run because the unit is blocked. */
export function blockedItems(task: Task, blockedBy: string[]): ItemOutcome[] {
  return task.items.map((item) => ({
    id: itemId(item),
    text: item.text,
    ...(item.priority ? { priority: item.priority } : {}),
    status: 'blocked' as const,
    results: [],
    blockedBy,
  }));
}

async function runPlanned(planned: PlannedCheck, label: string, task: Task, planDir: string, options: VerifyOptions): Promise<CheckResult> {
  options.log?.(`  ${label}: ${planned.uses} ${planned.paths.join(' ')}`.trimEnd());
  const command = typeof planned.options.command === 'string' ? planned.options.command : '';
  const env = Array.isArray(planned.options.env) ? planned.options.env.map(String) : [];
  let result: CheckResult;
  try {
    if (planned.uses === 'command' && planned.imported && !isApproved(approvalsOf(planDir), command, env))
      return withDisplayRoot(notApprovedResult(task, command, path.join(options.displayRoot ?? '.', 'plan.yaml')), options.displayRoot);
    result = await runCheck(planned.uses, planned.paths, planned.options, { cwd: planDir, log: options.log });
  } catch (error) {
    const message = error instanceof CheckUsageError ? error.message : `internal error: ${(error as Error).message}`;
    result = {
      check: planned.uses,
      ok: false,
      findings: [{ rule: 'plan/check-failed', severity: 'error', message: `${planned.uses}: ${message}`, file: 'plan.yaml' }],
    };
  }
  return withDisplayRoot(result, options.displayRoot);
}

/**
 * Verifies a plan outside Nx: tasks in dependency order (wave by wave), then the integration points
 * and the success criteria; a unit whose dependencies are not all done (verified or attested, or
 * only awaiting attestation) is reported as blocked and not run.
 */
export async function verifyPlan(
  plan: Plan,
  planDir: string,
  options: VerifyOptions & { only?: string[]; onTask?: (outcome: TaskOutcome) => void } = {},
): Promise<TaskOutcome[]> {
  const deps = unitDependencies(plan);
  const units = planUnits(plan);
  const byKey = new Map(units.map((u) => [u.key, u.task]));
  const selected = options.only ? withUpstream(plan, options.only) : undefined;
  const outcomes = new Map<string, TaskOutcome>();
  for (const key of unitOrder(plan, topologicalWaves(plan))) {
    if (selected && !selected.has(key)) continue;
    const blockedBy = (deps.get(key) ?? []).filter((d) => !letsDependantsRun(byKey.get(d)!, outcomes.get(d)));
    const task = byKey.get(key)!;
    const outcome: TaskOutcome = blockedBy.length
      ? { key, task, status: 'blocked', blockedBy, results: [], ...(task.items.length ? { items: blockedItems(task, blockedBy) } : {}) }
      : await verifyTask(plan, planDir, key, options);
    outcomes.set(key, outcome);
    options.onTask?.(outcome);
  }
  return units.map((u) => outcomes.get(u.key)).filter((o): o is TaskOutcome => o !== undefined);
}

function withUpstream(plan: Plan, keys: string[]): Set<string> {
  const deps = unitDependencies(plan);
  const known = new Set(planUnits(plan).map((u) => u.key));
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
