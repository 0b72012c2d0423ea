import { allTasks, Plan, Task } from './plan-schema';
import { reservedKeyReason, suggestedKey } from './reserved-keys';

/**
 * Graph algorithms over a plan's tasks. Dependencies may name a task by id ("1.1") or key
 * ("schema"); everything here speaks keys once resolved.
 */

export interface GraphProblem {
  kind: 'duplicate-id' | 'duplicate-key' | 'unknown-dependency' | 'self-dependency' | 'cycle' | 'reserved-key' | 'path-outside-plan';
  message: string;
  /** Where to point: phase and task index, and the dependsOn index when it is about an edge. */
  phaseIndex: number;
  taskIndex: number;
  dependencyIndex?: number;
  field: 'id' | 'key' | 'dependsOn' | 'checks';
  /** Deeper path below `field` (e.g. `[0, 'with', 'paths', 1]` under checks). */
  subPath?: (string | number)[];
}

interface Located {
  task: Task;
  phaseIndex: number;
  taskIndex: number;
}

function locatedTasks(plan: Plan): Located[] {
  return plan.phases.flatMap((phase, phaseIndex) => phase.tasks.map((task, taskIndex) => ({ task, phaseIndex, taskIndex })));
}

/** Map from id and from key to the task's key (first occurrence wins). */
function referenceIndex(plan: Plan): Map<string, string> {
  const index = new Map<string, string>();
  for (const task of allTasks(plan)) {
    if (!index.has(task.key)) index.set(task.key, task.key);
  }
  for (const task of allTasks(plan)) {
    if (!index.has(task.id)) index.set(task.id, task.key);
  }
  return index;
}

/** Every structural problem of the task graph. An empty list means the graph is a DAG. */
export function graphProblems(plan: Plan): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const seenIds = new Map<string, Located>();
  const seenKeys = new Map<string, Located>();
  const located = locatedTasks(plan);
  for (const entry of located) {
    const { task } = entry;
    const firstId = seenIds.get(task.id);
    if (firstId) {
      problems.push({
        kind: 'duplicate-id',
        field: 'id',
        phaseIndex: entry.phaseIndex,
        taskIndex: entry.taskIndex,
        message: `Duplicate task id "${task.id}" (also used by "${firstId.task.title}"): give each task its own id.`,
      });
    } else seenIds.set(task.id, entry);
    const firstKey = seenKeys.get(task.key);
    if (firstKey) {
      problems.push({
        kind: 'duplicate-key',
        field: 'key',
        phaseIndex: entry.phaseIndex,
        taskIndex: entry.taskIndex,
        message: `Duplicate task key "${task.key}" (also used by task ${firstKey.task.id}): keys name Nx targets and must be unique.`,
      });
    } else seenKeys.set(task.key, entry);
  }
  const index = referenceIndex(plan);
  for (const entry of located) {
    entry.task.dependsOn.forEach((ref, dependencyIndex) => {
      const target = index.get(ref);
      const at = { phaseIndex: entry.phaseIndex, taskIndex: entry.taskIndex, dependencyIndex, field: 'dependsOn' as const };
      if (target === undefined) {
        problems.push({
          ...at,
          kind: 'unknown-dependency',
          message: `Task ${entry.task.id} depends on "${ref}", which is no task id or key of this plan.`,
        });
      } else if (target === entry.task.key) {
        problems.push({
          ...at,
          kind: 'self-dependency',
          message: `Task ${entry.task.id} depends on itself: remove "${ref}" from its dependsOn.`,
        });
      }
    });
  }
  if (problems.length === 0) {
    const cycle = findCycle(plan);
    if (cycle) {
      const byKey = new Map(located.map((l) => [l.task.key, l]));
      // In execution order X → Y means Y depends on X: the last edge is held by the last task.
      const closing = byKey.get(cycle[cycle.length - 1])!;
      const closingTarget = cycle[cycle.length - 2];
      const dependencyIndex = closing.task.dependsOn.findIndex((ref) => index.get(ref) === closingTarget);
      const ids = cycle.map((key) => byKey.get(key)!.task.id);
      problems.push({
        kind: 'cycle',
        field: 'dependsOn',
        phaseIndex: closing.phaseIndex,
        taskIndex: closing.taskIndex,
        dependencyIndex,
        message: `Dependency cycle: ${ids.join(' → ')}. Remove one of these dependencies.`,
      });
    }
  }
  return [...problems, ...reservedKeyProblems(located), ...checkPathProblems(located)];
}

/** Task keys that would be shadowed by a target the plugin adds (reserved-keys.ts). */
function reservedKeyProblems(located: Located[]): GraphProblem[] {
  const taken = new Set(located.map((l) => l.task.key));
  return located.flatMap(({ task, phaseIndex, taskIndex }) => {
    const reason = reservedKeyReason(task.key);
    if (!reason) return [];
    const message = `Task key "${task.key}" is reserved (${reason}; the task would be hidden behind it): rename it, e.g. key: ${suggestedKey(task.key, taken)}.`;
    return [{ kind: 'reserved-key' as const, field: 'key' as const, phaseIndex, taskIndex, message }];
  });
}

/** Check paths (`with.paths`) must stay in the plan folder: outside it, Nx could not hash them. */
function checkPathProblems(located: Located[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const { task, phaseIndex, taskIndex } of located) {
    task.checks.forEach((check, checkIndex) => {
      const paths = check.with?.paths;
      const list = Array.isArray(paths) ? paths : paths === undefined ? [] : [paths];
      list.forEach((value, pathIndex) => {
        const text = String(value);
        if (!/^([a-zA-Z]:)?[\\/]/.test(text) && !text.split(/[\\/]/).includes('..')) return;
        problems.push({
          kind: 'path-outside-plan',
          field: 'checks',
          subPath: Array.isArray(paths) ? [checkIndex, 'with', 'paths', pathIndex] : [checkIndex, 'with', 'paths'],
          phaseIndex,
          taskIndex,
          message: `Check path "${text}" of task ${task.id} leaves the plan folder, where it can be neither hashed nor cached: use a path relative to the folder of plan.yaml, inside it.`,
        });
      });
    });
  }
  return problems;
}

/** Task key → keys it depends on (resolved, unknown references dropped, de-duplicated). */
export function dependencyMap(plan: Plan): Map<string, string[]> {
  const index = referenceIndex(plan);
  const map = new Map<string, string[]>();
  for (const task of allTasks(plan)) {
    const deps: string[] = [];
    for (const ref of task.dependsOn) {
      const key = index.get(ref);
      if (key !== undefined && key !== task.key && !deps.includes(key)) deps.push(key);
    }
    map.set(task.key, deps);
  }
  return map;
}

/** A cycle as a list of keys that starts and ends with the same key, following dependsOn edges in reverse (dependency → dependent). */
export function findCycle(plan: Plan): string[] | undefined {
  const deps = dependencyMap(plan);
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  for (const start of deps.keys()) {
    if (state.has(start)) continue;
    // Iterative DFS so large plans cannot overflow the stack.
    const stack: { key: string; next: number }[] = [{ key: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const children = deps.get(frame.key) ?? [];
      if (frame.next >= children.length) {
        state.set(frame.key, 2);
        stack.pop();
        continue;
      }
      const child = children[frame.next++];
      const childState = state.get(child);
      if (childState === 1) {
        // Path on the stack from child to here, then child again; read as "child is needed by ...".
        const keys = stack.map((f) => f.key);
        const cycle = keys.slice(keys.indexOf(child));
        cycle.push(child);
        // stack order is dependent → dependency; report in execution order (dependency → dependent).
        return cycle.reverse();
      }
      if (childState === undefined) {
        state.set(child, 1);
        stack.push({ key: child, next: 0 });
      }
    }
  }
  return undefined;
}

/** Every task upstream of `key` (transitively), in plan order. */
export function upstreamOf(plan: Plan, key: string): string[] {
  return reachable(plan, key, dependencyMap(plan));
}

/** Every task downstream of `key` (transitively), in plan order. One pass over the edges, not one walk per task. */
export function downstreamOf(plan: Plan, key: string): string[] {
  const dependants = new Map<string, string[]>();
  for (const [task, deps] of dependencyMap(plan)) {
    for (const dep of deps) pushTo(dependants, dep, task);
  }
  return reachable(plan, key, dependants);
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Keys reachable from `key` along `edges` (not `key` itself), in plan order. */
function reachable(plan: Plan, key: string, edges: Map<string, string[]>): string[] {
  const seen = new Set<string>();
  const stack = [...(edges.get(key) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next) || next === key) continue;
    seen.add(next);
    stack.push(...(edges.get(next) ?? []));
  }
  return allTasks(plan)
    .map((t) => t.key)
    .filter((k) => seen.has(k));
}

/** Keys grouped in waves: every task of a wave depends only on earlier waves (what can run in parallel). Requires a DAG. */
export function topologicalWaves(plan: Plan): string[][] {
  const deps = dependencyMap(plan);
  const order = allTasks(plan).map((t) => t.key);
  const position = new Map(order.map((k, i) => [k, i]));
  // Kahn's algorithm by wave: linear in tasks + edges (a 2,000-task chain has 2,000 waves).
  const dependants = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const key of order) {
    const own = deps.get(key) ?? [];
    waiting.set(key, own.length);
    for (const dep of own) pushTo(dependants, dep, key);
  }
  const waves: string[][] = [];
  let ready = order.filter((k) => waiting.get(k) === 0);
  let placed = 0;
  while (ready.length > 0) {
    waves.push(ready);
    placed += ready.length;
    const next: string[] = [];
    for (const key of ready) {
      for (const dependant of dependants.get(key) ?? []) {
        const left = waiting.get(dependant)! - 1;
        waiting.set(dependant, left);
        if (left === 0) next.push(dependant);
      }
    }
    ready = next.sort((a, b) => position.get(a)! - position.get(b)!);
  }
  if (placed < order.length) {
    throw new Error(`The plan's dependencies contain a cycle among: ${order.filter((k) => waiting.get(k)! > 0).join(', ')}`);
  }
  return waves;
}

export interface CriticalPath {
  /** Task keys from first to last. */
  keys: string[];
  /** Sum of the estimates on the path (tasks without an estimate count 0). */
  minutes: number;
}

/**
 * The longest chain of dependent tasks by estimate; on equal minutes the chain with more tasks (one
 * through tasks without an estimate), then the task listed first. Requires a DAG.
 */
export function criticalPath(plan: Plan, onlyKeys?: ReadonlySet<string>): CriticalPath {
  const deps = dependencyMap(plan);
  const tasks = new Map(allTasks(plan).map((t) => [t.key, t]));
  const include = (k: string) => !onlyKeys || onlyKeys.has(k);
  // depth: tasks on the path. A task without an estimate adds 0 minutes but still lengthens the
  // path, so ties in minutes go to the longer chain (a stream without an estimate is not dropped).
  const best = new Map<string, { minutes: number; depth: number; previous?: string }>();
  for (const waveKeys of topologicalWaves(plan)) {
    for (const key of waveKeys) {
      if (!include(key)) continue;
      let previous: string | undefined;
      let before = 0;
      let depth = 0;
      for (const dep of deps.get(key) ?? []) {
        const candidate = best.get(dep);
        if (!candidate) continue;
        if (candidate.minutes > before || (candidate.minutes === before && candidate.depth > depth)) {
          before = candidate.minutes;
          depth = candidate.depth;
          previous = dep;
        }
      }
      best.set(key, { minutes: before + (tasks.get(key)!.estimate ?? 0), depth: depth + 1, previous });
    }
  }
  let end: string | undefined;
  let minutes = 0;
  let depth = 0;
  for (const key of allTasks(plan).map((t) => t.key)) {
    const entry = best.get(key);
    if (entry && (end === undefined || entry.minutes > minutes || (entry.minutes === minutes && entry.depth > depth))) {
      end = key;
      minutes = entry.minutes;
      depth = entry.depth;
    }
  }
  const keys: string[] = [];
  for (let k = end; k !== undefined; k = best.get(k)?.previous) keys.unshift(k);
  return { keys, minutes };
}

export function taskByKey(plan: Plan, key: string): Task | undefined {
  // Linear: callers that look up many keys should build a Map once.
  return allTasks(plan).find((t) => t.key === key);
}
