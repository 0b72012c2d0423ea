import { dependencyMap } from './graph';
import { allTasks, Item, Plan, Task } from './plan-schema';
import { slug } from './reserved-keys';

/**
 * Items as units of evidence (issue 10). Every checklist item of a stream, of an integration point
 * and of the success criteria has an id; integration points and the success criteria become
 * verification units beside the tasks, each an Nx target (`integration-1`, `success`) that runs
 * its items' checks after the phases it follows.
 */

export const SUCCESS_TARGET = 'success';

/** Target name of an integration point: `integration-1`. */
export function integrationTargetName(pointId: string): string {
  return `integration-${slug(pointId) || pointId}`;
}

/**
 * Gives every item without an id the id of its position (1-based): stream items `<task id>.<n>`
 * ("A.1"), integration items `integration-<id>.<n>`, success criteria `success.<n>`. Ids written
 * in plan.yaml are kept; `plan import` writes them, so they stay put when items are added later.
 */
export function assignItemIds(plan: Plan): Plan {
  for (const task of allTasks(plan)) name(task.items, task.id);
  for (const point of plan.integrationPoints) name(point.items, integrationTargetName(point.id));
  name(plan.successCriteria, SUCCESS_TARGET);
  return plan;
}

function name(items: Item[], prefix: string): void {
  items.forEach((item, index) => {
    if (item.id === undefined) item.id = `${prefix}.${index + 1}`;
  });
}

/** The id of an item after assignItemIds (loaded plans always have one). */
export function itemId(item: Item): string {
  return item.id ?? '?';
}

/**
 * Something Nx runs and `plan status` reports: a task (a seed task or stream), an integration
 * point or the success criteria. Integration points and success criteria are shaped as tasks
 * without files or checks of their own, whose `items` carry the checks, so verification, hashing
 * and attestation treat every unit alike.
 */
export interface Unit {
  kind: 'task' | 'integration' | 'success';
  /** The target name: the task key, `integration-<id>` or `success`. */
  key: string;
  task: Task;
}

/** Every unit in plan order: the tasks, then the integration points, then the success criteria. */
export function planUnits(plan: Plan): Unit[] {
  const units: Unit[] = allTasks(plan).map((task) => ({ kind: 'task', key: task.key, task }));
  const deps = unitDependencies(plan);
  for (const point of plan.integrationPoints) {
    const key = integrationTargetName(point.id);
    units.push({ kind: 'integration', key, task: syntheticTask(key, point.title, point.items, deps.get(key) ?? []) });
  }
  if (plan.successCriteria.length > 0)
    units.push({
      kind: 'success',
      key: SUCCESS_TARGET,
      task: syntheticTask(SUCCESS_TARGET, 'Success Criteria', plan.successCriteria, deps.get(SUCCESS_TARGET) ?? []),
    });
  return units;
}

function syntheticTask(key: string, title: string, items: Item[], dependsOn: string[]): Task {
  return { id: key, key, title, dependsOn, files: [], checks: [], done: [], items };
}

/**
 * An item that is its own Nx target (plans with `itemTargets: true`): every item with checks of its
 * own. Its target runs only its checks, cached by only its inputs; its unit's target depends on it
 * and gathers its recorded result with the unit's other items.
 */
export interface ItemUnit {
  /** The target name: `<unit key>.<item id>` ("core-business-services.E.2"), or the id when it already starts so ("integration-2.1"). */
  key: string;
  unit: Unit;
  item: Item;
}

/** Target name of an item with its own target. A dot never occurs in a task key, so it never names a task or an aggregate. */
export function itemTargetName(unitKey: string, id: string): string {
  return id.startsWith(`${unitKey}.`) ? id : `${unitKey}.${id}`;
}

/** Whether an item is its own target in this plan. */
export function hasItemTarget(plan: Plan, item: Item): boolean {
  return plan.itemTargets === true && item.checks.length > 0;
}

/** The items that are their own targets, in plan order (none unless the plan sets `itemTargets: true`). */
export function itemUnits(plan: Plan): ItemUnit[] {
  if (plan.itemTargets !== true) return [];
  return planUnits(plan).flatMap((unit) =>
    unit.task.items
      .filter((item) => hasItemTarget(plan, item))
      .map((item) => ({ key: itemTargetName(unit.key, itemId(item)), unit, item })),
  );
}

/**
 * Unit key → the unit keys it depends on. Tasks: their dependencies. An integration point: the
 * tasks of the phases (or the tasks) its `after` names; "Final" (empty) = every task. The success
 * criteria: every task and every integration point.
 */
export function unitDependencies(plan: Plan): Map<string, string[]> {
  const map = dependencyMap(plan);
  const everyTask = allTasks(plan).map((t) => t.key);
  const integrationKeys: string[] = [];
  for (const point of plan.integrationPoints) {
    const key = integrationTargetName(point.id);
    integrationKeys.push(key);
    const keys = point.after.length ? point.after.flatMap((ref) => resolveAfter(plan, ref) ?? []) : everyTask;
    map.set(key, [...new Set(keys)]);
  }
  if (plan.successCriteria.length > 0) map.set(SUCCESS_TARGET, [...everyTask, ...integrationKeys]);
  return map;
}

/**
 * The task keys an `after` entry names: a phase ("Phase 1", "1") → its tasks; a task key or id →
 * that task. Undefined when it names nothing.
 */
export function resolveAfter(plan: Plan, ref: string): string[] | undefined {
  const phaseRef = ref
    .trim()
    .replace(/^phase\s+/i, '')
    .trim();
  const phase = plan.phases.find((p) => p.id === phaseRef || p.id.toLowerCase() === phaseRef.toLowerCase());
  if (phase) return phase.tasks.map((t) => t.key);
  const task = allTasks(plan).find((t) => t.key === ref.trim() || t.id === ref.trim());
  return task ? [task.key] : undefined;
}

/** Unit keys in an order where every unit comes after the units it depends on (tasks must form a DAG). */
export function unitOrder(plan: Plan, taskWaves: string[][]): string[] {
  return [...taskWaves.flat(), ...planUnits(plan).flatMap((u) => (u.kind === 'task' ? [] : [u.key]))];
}

/** A problem of the items or integration points, at a model path (e.g. `['successCriteria', 2, 'id']`). */
export interface ItemProblem {
  message: string;
  path: (string | number)[];
}

/**
 * Duplicate item ids (they name attestations and result entries), integration points whose
 * `after` names no phase or task, two integration points with one target name, and item check
 * paths that leave the plan folder.
 */
export function itemProblems(plan: Plan): ItemProblem[] {
  const problems: ItemProblem[] = [];
  const seen = new Map<string, string>();
  const visit = (items: Item[], base: (string | number)[], where: string) =>
    items.forEach((item, index) => {
      const id = itemId(item);
      const first = seen.get(id);
      if (first !== undefined)
        problems.push({
          path: [...base, index, 'id'],
          message: `Duplicate item id "${id}" (also ${first}): item ids name attestations and results; give each item its own id.`,
        });
      else seen.set(id, `${where} item ${index + 1}`);
      item.checks.forEach((check, checkIndex) => {
        const paths = check.with?.paths;
        const list = Array.isArray(paths) ? paths : paths === undefined ? [] : [paths];
        list.forEach((value, pathIndex) => {
          const text = String(value);
          if (!/^([a-zA-Z]:)?[\\/]/.test(text) && !text.split(/[\\/]/).includes('..')) return;
          problems.push({
            path: [...base, index, 'checks', checkIndex, 'with', 'paths', ...(Array.isArray(paths) ? [pathIndex] : [])],
            message: `Check path "${text}" of item ${id} leaves the plan folder, where it can be neither hashed nor cached: use a path relative to the folder of plan.yaml, inside it.`,
          });
        });
      });
    });
  plan.phases.forEach((phase, p) =>
    phase.tasks.forEach((task, t) => visit(task.items, ['phases', p, 'tasks', t, 'items'], `task ${task.id}`)),
  );
  const targets = new Map<string, string>();
  plan.integrationPoints.forEach((point, i) => {
    visit(point.items, ['integrationPoints', i, 'items'], `integration point ${point.id}`);
    const key = integrationTargetName(point.id);
    const other = targets.get(key);
    if (other !== undefined)
      problems.push({
        path: ['integrationPoints', i, 'id'],
        message: `Integration point "${point.id}" has the target name ${key} of integration point "${other}": give it another id.`,
      });
    else targets.set(key, point.id);
    point.after.forEach((ref, a) => {
      if (resolveAfter(plan, ref) === undefined)
        problems.push({
          path: ['integrationPoints', i, 'after', a],
          message: `Integration point ${point.id} comes after "${ref}", which is no phase (e.g. "Phase 1"), task key or task id of this plan.`,
        });
    });
  });
  visit(plan.successCriteria, ['successCriteria'], 'success criterion');
  return problems;
}
