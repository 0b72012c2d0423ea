import { criticalPath } from '../model/graph';
import { planUnits, Unit, unitDependencies } from '../model/items';
import { allTasks, Item, Plan } from '../model/plan-schema';
import { Attestation } from './attestations';
import { Finding } from './contract';
import { ResultOrigin } from './result-origin';
import { attestCommand, describeOutcome, isDone, letsDependantsRun, STATUS_SYMBOL, TASK_STATUSES, TaskStatus } from './evidence';
import { ItemOutcome, TaskOutcome } from './verify-plan';

export interface ItemRow {
  id: string;
  text: string;
  priority?: Item['priority'];
  status: TaskStatus;
  /** First error finding of a failed item. */
  firstFinding?: Finding;
  attestation?: Attestation;
  /** Why an unproven item is unproven. */
  reason?: string;
}

export interface StatusRow {
  id: string;
  key: string;
  title: string;
  /** A task (seed task or stream), an integration point or the success criteria. */
  kind: Unit['kind'];
  status: TaskStatus;
  /** First error finding of a failed task. */
  firstFinding?: Finding;
  blockedBy: string[];
  /** The attestation of an attested task. */
  attestation?: Attestation;
  /** Why an unproven task is unproven. */
  reason?: string;
  /** Estimate in minutes, when the plan gives one (tasks only). */
  estimate?: number;
  /** The checklist items with their own states (streams, integration points, success criteria). */
  items: ItemRow[];
  /** Where the recorded result came from, when it was read from Nx's outputs: run now, local cache, or remote cache. */
  origin?: ResultOrigin;
}

export interface PlanStatus {
  plan: string;
  rows: StatusRow[];
  /** How many units (tasks, integration points, success criteria) are in each state. */
  counts: Record<TaskStatus, number>;
  /** Units that are verified or attested. */
  done: number;
  verified: number;
  total: number;
  /** How many items are in each state, and how many there are. */
  itemCounts: Record<TaskStatus, number> & { total: number };
  /** Critical path over the tasks not yet verified or attested. */
  remaining: { keys: string[]; minutes: number };
  /** Open tasks without an estimate: the critical path counts them as 0 minutes, and says so. */
  unestimated: string[];
}

export type RecordedOutcome = Pick<TaskOutcome, 'status' | 'results' | 'blockedBy' | 'attestation' | 'reason' | 'items'> & {
  origin?: ResultOrigin;
};

/**
 * Status of every unit from the outcomes that exist; a unit without an outcome is blocked by the
 * dependencies that are not done (that is why it did not run), and so are its items.
 */
export function planStatus(plan: Plan, outcomes: Map<string, RecordedOutcome>): PlanStatus {
  const deps = unitDependencies(plan);
  const rows: StatusRow[] = [];
  const proceeds = new Map<string, boolean>();
  for (const unit of planUnits(plan)) {
    const { task } = unit;
    const outcome = outcomes.get(unit.key);
    let status: TaskStatus = outcome?.status ?? 'blocked';
    let blockedBy = outcome?.blockedBy ?? [];
    if (!outcome) blockedBy = (deps.get(unit.key) ?? []).filter((d) => !proceeds.get(d));
    if (!outcome && blockedBy.length === 0) status = 'failed';
    proceeds.set(unit.key, letsDependantsRun(task, outcome));
    const firstFinding = firstError(outcome?.results ?? []);
    rows.push({
      id: task.id,
      key: unit.key,
      title: task.title,
      kind: unit.kind,
      status,
      blockedBy,
      ...(firstFinding ? { firstFinding } : {}),
      ...(status === 'attested' && outcome?.attestation ? { attestation: outcome.attestation } : {}),
      ...(status === 'unproven' ? { reason: outcome?.reason ?? 'no check proves it' } : {}),
      ...(task.estimate !== undefined ? { estimate: task.estimate } : {}),
      items: task.items.map((item, index) => itemRow(item, index, status, outcome?.items)),
      ...(outcome?.origin ? { origin: outcome.origin } : {}),
    });
  }
  const counts = countOf(rows);
  const items = rows.flatMap((r) => r.items);
  const open = new Set(rows.filter((r) => !isDone(r.status)).map((r) => r.key));
  const openTasks = new Set(allTasks(plan).flatMap((t) => (open.has(t.key) ? [t.key] : [])));
  return {
    plan: plan.name,
    rows,
    counts,
    done: rows.length - open.size,
    verified: counts.verified,
    total: rows.length,
    itemCounts: { ...countOf(items), total: items.length },
    remaining: openTasks.size ? criticalPath(plan, openTasks) : { keys: [], minutes: 0 },
    unestimated: allTasks(plan).flatMap((t) => (openTasks.has(t.key) && t.estimate === undefined ? [t.key] : [])),
  };
}

function countOf(rows: { status: TaskStatus }[]): Record<TaskStatus, number> {
  return Object.fromEntries(TASK_STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length])) as Record<TaskStatus, number>;
}

function firstError(results: TaskOutcome['results']): Finding | undefined {
  return results.flatMap((r) => r.findings).find((f) => f.severity === 'error');
}

/** An item's row: its recorded outcome, else blocked (its unit did not run) or "no result recorded". */
function itemRow(item: Item, index: number, unitStatus: TaskStatus, recorded: ItemOutcome[] | undefined): ItemRow {
  const id = item.id ?? String(index + 1);
  const outcome = recorded?.find((o) => o.id === id);
  const base = { id, text: item.text, ...(item.priority ? { priority: item.priority } : {}) };
  if (!outcome)
    return {
      ...base,
      status: unitStatus === 'blocked' ? 'blocked' : 'failed',
      ...(unitStatus === 'blocked' ? {} : { reason: 'no result recorded' }),
    };
  const firstFinding = firstError(outcome.results ?? []);
  return {
    ...base,
    status: outcome.status,
    ...(firstFinding ? { firstFinding } : {}),
    ...(outcome.status === 'attested' && outcome.attestation ? { attestation: outcome.attestation } : {}),
    ...(outcome.status === 'unproven' ? { reason: outcome.reason ?? 'no check proves it' } : {}),
  };
}

/** `plan` is the plan.yaml path as the reader types it, for the attest command of unproven tasks. */
export function formatStatus(status: PlanStatus, plan = 'plan.yaml'): string {
  const keyWidth = Math.max(...status.rows.map((r) => r.key.length), 3);
  const lines = [`Plan ${status.plan}`];
  const extraUnits = status.rows.some((r) => r.kind !== 'task');
  const idWidth = Math.max(4, ...status.rows.flatMap((r) => r.items.map((i) => i.id.length)));
  for (const row of status.rows) {
    if (row.kind !== 'task' && row === status.rows.find((r) => r.kind !== 'task')) lines.push('');
    const id = row.kind === 'task' ? row.id.padEnd(4) : '';
    const head = `${STATUS_SYMBOL[row.status]} ${id}${row.kind === 'task' ? ' ' : ''}${row.key.padEnd(keyWidth)}`;
    const text =
      row.status === 'failed' && !row.firstFinding
        ? 'failed (no result recorded)'
        : describeOutcome({ ...row, results: row.firstFinding ? [{ check: '', ok: false, findings: [row.firstFinding] }] : [] });
    // A result restored from a remote cache was produced elsewhere: say so (plan status --no-remote re-verifies here).
    const origin = row.origin === 'remote' ? ' [remote cache]' : '';
    lines.push(`${head}  ${row.status === 'verified' ? 'verified' : text}${origin}`);
    lines.push(...row.items.map((item) => formatItem(item, idWidth)));
  }
  const pct = status.total ? Math.round((100 * status.done) / status.total) : 100;
  const c = status.counts;
  lines.push(
    '',
    `${c.verified} verified, ${c.attested} attested, ${c.unproven} unproven, ${c.failed} failed, ${c.blocked} blocked: ` +
      `${status.done}/${status.total} ${extraUnits ? 'targets (tasks, integration points, success criteria)' : 'tasks'} done (${pct}%)`,
  );
  if (status.itemCounts.total > 0) {
    const i = status.itemCounts;
    const itemsDone = i.verified + i.attested;
    lines.push(
      `items: ${i.verified} verified, ${i.attested} attested, ${i.unproven} unproven, ${i.failed} failed, ${i.blocked} blocked: ` +
        `${itemsDone}/${i.total} done`,
    );
  }
  const remote = status.rows.filter((r) => r.origin === 'remote').length;
  if (remote)
    lines.push(
      `${remote} result(s) restored from a remote cache, produced elsewhere: plan status --no-remote verifies them on this machine`,
    );
  const unestimated = status.unestimated.length ? `; no estimate for ${status.unestimated.join(', ')}, counted as 0 min` : '';
  lines.push(
    status.remaining.keys.length
      ? `remaining critical path: ${status.remaining.keys.join(' → ')} (${status.remaining.minutes} min${unestimated})`
      : 'remaining critical path: none — every task is verified or attested',
  );
  const unproven = status.rows.filter((r) => r.status === 'unproven');
  const unprovenItem = status.rows.flatMap((r) => r.items.filter((i) => i.status === 'unproven').map((i) => [r.key, i.id]))[0];
  if (unprovenItem)
    lines.push(
      '',
      `Unproven items need a check in their plan.yaml entry (checks: under the item) or evidence recorded with`,
      `  ${attestCommand(plan, unprovenItem[0], unprovenItem[1])}`,
    );
  else if (unproven.length)
    lines.push(
      '',
      `Unproven tasks need a check in their plan.yaml entry (checks:) or evidence recorded with`,
      `  ${attestCommand(plan, unproven[0].key)}`,
    );
  return lines.join('\n') + '\n';
}

/** `    ? A.1  critical  unproven  Create the OpenAPI specification — why`, the first finding of a failed item. */
function formatItem(item: ItemRow, idWidth: number): string {
  const text = item.text.replace(/\s+/g, ' ').trim();
  const shown = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  let detail = '';
  if (item.status === 'failed' && item.firstFinding) {
    const f = item.firstFinding;
    detail = ` — ${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''} ${f.message.split('\n')[0]}`;
  } else if (item.status === 'attested' && item.attestation) detail = ` — ${describeOutcome({ ...item, results: [], blockedBy: [] })}`;
  else if (item.reason && item.reason !== 'no check proves it and nobody attested it') detail = ` — ${item.reason}`;
  return `    ${STATUS_SYMBOL[item.status]} ${item.id.padEnd(idWidth)} ${(item.priority ?? '-').padEnd(8)} ${item.status.padEnd(8)} ${shown}${detail}`;
}
