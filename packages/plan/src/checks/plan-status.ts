import { criticalPath, dependencyMap } from '../model/graph';
import { allTasks, Plan } from '../model/plan-schema';
import { Finding } from './contract';
import { TaskOutcome } from './verify-plan';

export interface StatusRow {
  id: string;
  key: string;
  title: string;
  status: 'verified' | 'failed' | 'blocked';
  /** First error finding of a failed task. */
  firstFinding?: Finding;
  blockedBy: string[];
}

export interface PlanStatus {
  plan: string;
  rows: StatusRow[];
  verified: number;
  total: number;
  /** Critical path over the tasks not yet verified. */
  remaining: { keys: string[]; minutes: number };
}

/**
 * Status of every task from the outcomes that exist; a task without an outcome is blocked by
 * its unverified dependencies (that is why it did not run).
 */
export function planStatus(plan: Plan, outcomes: Map<string, Pick<TaskOutcome, 'status' | 'results' | 'blockedBy'>>): PlanStatus {
  const deps = dependencyMap(plan);
  const rows: StatusRow[] = [];
  const statusOf = new Map<string, StatusRow['status']>();
  for (const task of allTasks(plan)) {
    const outcome = outcomes.get(task.key);
    let status: StatusRow['status'] = outcome?.status ?? 'blocked';
    let blockedBy = outcome?.blockedBy ?? [];
    if (!outcome) blockedBy = (deps.get(task.key) ?? []).filter((d) => statusOf.get(d) !== 'verified');
    if (!outcome && blockedBy.length === 0) status = 'failed';
    statusOf.set(task.key, status);
    const firstFinding = outcome?.results.flatMap((r) => r.findings).find((f) => f.severity === 'error');
    rows.push({ id: task.id, key: task.key, title: task.title, status, blockedBy, ...(firstFinding ? { firstFinding } : {}) });
  }
  const open = new Set(rows.filter((r) => r.status !== 'verified').map((r) => r.key));
  const verified = rows.length - open.size;
  return {
    plan: plan.name,
    rows,
    verified,
    total: rows.length,
    remaining: open.size ? criticalPath(plan, open) : { keys: [], minutes: 0 },
  };
}

export function formatStatus(status: PlanStatus): string {
  const keyWidth = Math.max(...status.rows.map((r) => r.key.length), 3);
  const lines = [`Plan ${status.plan}`];
  for (const row of status.rows) {
    const head = `${row.status === 'verified' ? '✔' : row.status === 'failed' ? '✖' : '…'} ${row.id.padEnd(4)} ${row.key.padEnd(keyWidth)}`;
    if (row.status === 'verified') lines.push(`${head}  verified`);
    else if (row.status === 'blocked') lines.push(`${head}  blocked by ${row.blockedBy.join(', ')}`);
    else {
      const f = row.firstFinding;
      const where = f ? `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}` : '';
      lines.push(`${head}  failed${f ? `: ${where} ${f.message.split('\n')[0]}` : ' (no result recorded)'}`);
    }
  }
  const pct = status.total ? Math.round((100 * status.verified) / status.total) : 100;
  lines.push('', `${status.verified}/${status.total} tasks verified (${pct}%)`);
  lines.push(
    status.remaining.keys.length
      ? `remaining critical path: ${status.remaining.keys.join(' → ')} (${status.remaining.minutes} min)`
      : 'remaining critical path: none — every task is verified',
  );
  return lines.join('\n') + '\n';
}
