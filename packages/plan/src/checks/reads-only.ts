import { Task } from '../model/plan-schema';
import { isReadsOnly } from './registry';
import { plannedChecks, plannedItemChecks } from './verify-plan';

/** Whether every check of a unit (its own and its items') only reads: its checks may run before its dependencies end. */
export function unitReadsOnly(task: Task): boolean {
  const planned = [...plannedChecks(task), ...task.items.flatMap((item) => plannedItemChecks(item, task))];
  return planned.every((p) => isReadsOnly(p.uses));
}
