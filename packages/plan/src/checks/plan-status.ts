import { criticalPath, dependencyMap } from '../model/graph';
import { allTasks, Plan } from '../model/plan-schema';
import { Attestation } from './attestations';
import { Finding } from './contract';
import { attestCommand, describeOutcome, isDone, STATUS_SYMBOL, TASK_STATUSES, TaskStatus } from './evidence';
import { TaskOutcome } from './verify-plan';

export interface StatusRow {
  id: string;
  key: string;
  title: string;
  status: TaskStatus;
  /** First error finding of a failed task. */
  firstFinding?: Finding;
  blockedBy: string[];
  /** The attestation of an attested task. */
  attestation?: Attestation;
  /** Why an unproven task is unproven. */
  reason?: string;
}

export interface PlanStatus {
  plan: string;
  rows: StatusRow[];
  /** How many tasks are in each state. */
  counts: Record<TaskStatus, number>;
  /** Tasks that are verified or attested. */
  done: number;
  verified: number;
  total: number;
  /** Critical path over the tasks not yet verified or attested. */
  remaining: { keys: string[]; minutes: number };
}

export type RecordedOutcome = Pick<TaskOutcome, 'status' | 'results' | 'blockedBy' | 'attestation' | 'reason'>;

/**
 * Status of every task from the outcomes that exist; a task without an outcome is blocked by
 * the dependencies that are not done (that is why it did not run).
 */
export function planStatus(plan: Plan, outcomes: Map<string, RecordedOutcome>): PlanStatus {
  const deps = dependencyMap(plan);
  const rows: StatusRow[] = [];
  const statusOf = new Map<string, TaskStatus>();
  for (const task of allTasks(plan)) {
    const outcome = outcomes.get(task.key);
    let status: TaskStatus = outcome?.status ?? 'blocked';
    let blockedBy = outcome?.blockedBy ?? [];
    if (!outcome) blockedBy = (deps.get(task.key) ?? []).filter((d) => !isDone(statusOf.get(d) ?? 'blocked'));
    if (!outcome && blockedBy.length === 0) status = 'failed';
    statusOf.set(task.key, status);
    const firstFinding = outcome?.results.flatMap((r) => r.findings).find((f) => f.severity === 'error');
    rows.push({
      id: task.id,
      key: task.key,
      title: task.title,
      status,
      blockedBy,
      ...(firstFinding ? { firstFinding } : {}),
      ...(status === 'attested' && outcome?.attestation ? { attestation: outcome.attestation } : {}),
      ...(status === 'unproven' ? { reason: outcome?.reason ?? 'no check proves it' } : {}),
    });
  }
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length])) as Record<TaskStatus, number>;
  const open = new Set(rows.filter((r) => !isDone(r.status)).map((r) => r.key));
  return {
    plan: plan.name,
    rows,
    counts,
    done: rows.length - open.size,
    verified: counts.verified,
    total: rows.length,
    remaining: open.size ? criticalPath(plan, open) : { keys: [], minutes: 0 },
  };
}

/** `plan` is the plan.yaml path as the reader types it, for the attest command of unproven tasks. */
export function formatStatus(status: PlanStatus, plan = 'plan.yaml'): string {
  const keyWidth = Math.max(...status.rows.map((r) => r.key.length), 3);
  const lines = [`Plan ${status.plan}`];
  for (const row of status.rows) {
    const head = `${STATUS_SYMBOL[row.status]} ${row.id.padEnd(4)} ${row.key.padEnd(keyWidth)}`;
    const text =
      row.status === 'failed' && !row.firstFinding
        ? 'failed (no result recorded)'
        : describeOutcome({ ...row, results: row.firstFinding ? [{ check: '', ok: false, findings: [row.firstFinding] }] : [] });
    lines.push(`${head}  ${row.status === 'verified' ? 'verified' : text}`);
  }
  const pct = status.total ? Math.round((100 * status.done) / status.total) : 100;
  const c = status.counts;
  lines.push(
    '',
    `${c.verified} verified, ${c.attested} attested, ${c.unproven} unproven, ${c.failed} failed, ${c.blocked} blocked: ` +
      `${status.done}/${status.total} tasks done (${pct}%)`,
  );
  lines.push(
    status.remaining.keys.length
      ? `remaining critical path: ${status.remaining.keys.join(' → ')} (${status.remaining.minutes} min)`
      : 'remaining critical path: none — every task is verified or attested',
  );
  const unproven = status.rows.filter((r) => r.status === 'unproven');
  if (unproven.length)
    lines.push(
      '',
      `Unproven tasks need a check in their plan.yaml entry (checks:) or evidence recorded with`,
      `  ${attestCommand(plan, unproven[0].key)}`,
    );
  return lines.join('\n') + '\n';
}
