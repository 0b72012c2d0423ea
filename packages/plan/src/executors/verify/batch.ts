import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import * as path from 'node:path';
import { loadCheckedPlanFile } from '../../checks/check-options';
import { unitReadsOnly } from '../../checks/reads-only';
import { disposeLoadedChecks } from '../../checks/registry';
import { itemUnits, planUnits } from '../../model/items';
import { Plan } from '../../model/plan-schema';
import { Captured, captureOutput } from './capture-output';
import { prepareVerify, PreparedRun } from './executor';
import { VerifyExecutorSchema } from './schema';
import { baselineWasmOnly } from '../../utils/wasm-tiering';

/**
 * `plan:verify` for many tasks in one process (Nx's batchImplementation; executors.json sets
 * preferBatch, so `nx run-many -t verify` batches without a flag). The engines (PGlite,
 * tree-sitter, CPython helpers) start once for the whole run instead of once per task.
 *
 * Each task gets what the single-task executor would give it: the same function runs with a
 * context naming its project and target, writes the same `.plan/results/<task>.json`, and its
 * stdout/stderr become its own terminal output. Up to `parallel` tasks run at a time (nx.json's
 * `parallel`, else Nx's default 3: Nx passes no --parallel to a batch).
 *
 * A task is recorded (result file written, result yielded) only after every dependency in this
 * batch succeeded; a task whose dependency did not succeed is reported `skipped`, as Nx skips the
 * dependants of a failed task. A task whose checks only read files (checks/reads-only.ts), with
 * no unfinished dependency that could write files, starts its checks early, so a dependency
 * chain of static checks overlaps its engines' start and its helper processes; if a dependency
 * then fails, that early work is discarded and the task is skipped all the same.
 */
export default async function* verifyBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, VerifyExecutorSchema>,
  _overrides: VerifyExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  baselineWasmOnly();
  const limit = parallelLimit(context);
  const order = dependencyOrder(taskGraph);
  const upstream = ancestorsOf(taskGraph, order);
  // PLAN_BATCH_EARLY=0 turns early starts off (to measure what they change).
  const readsOnly = process.env.PLAN_BATCH_EARLY === '0' ? new Set<string>() : readsOnlyTasks(taskGraph, inputs, context);
  const finished = new Map<string, boolean>();
  const running = new Map<string, Promise<Prepared>>();
  const prepared = new Map<string, Prepared>();
  const depsOf = (id: string) => dependenciesInBatch(taskGraph, id);
  const anyFailed = (id: string) => [...upstream.get(id)!].some((dep) => finished.get(dep) === false);
  const allSucceeded = (id: string) => depsOf(id).every((dep) => finished.get(dep) === true);
  const mayStartEarly = (id: string) =>
    readsOnly.has(id) && [...upstream.get(id)!].every((dep) => finished.get(dep) === true || readsOnly.has(dep));
  const skipped = (id: string): BatchTaskResult => {
    const now = Date.now();
    return { task: id, result: { success: false, status: 'skipped', terminalOutput: '', startTime: now, endTime: now } };
  };
  try {
    while (finished.size < order.length) {
      let progressed = true;
      while (progressed) {
        progressed = false;
        for (const id of order) {
          if (finished.has(id) || running.has(id)) continue;
          if (anyFailed(id)) {
            prepared.delete(id); // early work of a task that will not count
            finished.set(id, false);
            progressed = true;
            yield skipped(id);
          } else if (prepared.has(id)) {
            if (!allSucceeded(id)) continue;
            const done = await record(prepared.get(id)!);
            prepared.delete(id);
            finished.set(id, done.result.success);
            progressed = true;
            yield done;
          }
        }
        // Start what may run: first the tasks whose dependencies all succeeded, then early ones.
        for (const early of [false, true])
          for (const id of order) {
            if (running.size >= limit) break;
            if (finished.has(id) || running.has(id) || prepared.has(id)) continue;
            if (early ? mayStartEarly(id) : allSucceeded(id)) {
              running.set(id, prepare(taskGraph, id, inputs[id] ?? {}, context));
              progressed = true;
            }
          }
        if (progressed) continue;
      }
      if (running.size === 0) break;
      const done = await Promise.race(running.values());
      running.delete(done.id);
      prepared.set(done.id, done);
    }
  } finally {
    // A consumer that stops early must not leave tasks writing after the engines are gone.
    await Promise.allSettled(running.values());
    await disposeLoadedChecks();
  }
}

/** A task whose checks ran (or threw), waiting to be recorded. */
interface Prepared {
  id: string;
  startTime: number;
  run: Captured<PreparedRun>;
}

/** Runs a task's checks through the single-task executor's function, its output captured as its own. */
async function prepare(taskGraph: TaskGraph, id: string, options: VerifyExecutorSchema, context: ExecutorContext): Promise<Prepared> {
  const task = taskGraph.tasks[id];
  const startTime = Date.now();
  const taskContext: ExecutorContext = {
    ...context,
    projectName: task.target.project,
    targetName: task.target.target,
    configurationName: task.target.configuration,
    target: context.projectsConfigurations?.projects[task.target.project]?.targets?.[task.target.target],
  };
  return { id, startTime, run: await captureOutput(() => prepareVerify(options, taskContext)) };
}

/** Writes a prepared task's result and report (its dependencies have recorded theirs). */
async function record(prepared: Prepared): Promise<BatchTaskResult> {
  const { id, startTime, run } = prepared;
  const recorded = run.threw ? undefined : await captureOutput(async () => run.value!.record());
  const threw = run.threw || recorded!.threw;
  const error = run.threw ? run.error : recorded?.error;
  const success = !threw && recorded?.value?.success === true;
  const terminalOutput = `${run.output}${recorded?.output ?? ''}${threw ? `${errorMessage(error)}\n` : ''}`;
  return { task: id, result: { success, status: success ? 'success' : 'failure', terminalOutput, startTime, endTime: Date.now() } };
}

/** The batch's tasks that run plan units whose checks only read files (each plan loaded once). */
function readsOnlyTasks(taskGraph: TaskGraph, inputs: Record<string, VerifyExecutorSchema>, context: ExecutorContext): Set<string> {
  const plans = new Map<string, Plan | undefined>();
  const out = new Set<string>();
  for (const id of Object.keys(taskGraph.tasks)) {
    const options = inputs[id] ?? {};
    if (!options.task || options.gate || options.error) continue;
    const root = context.projectsConfigurations?.projects[taskGraph.tasks[id].target.project]?.root ?? '.';
    const file = path.join(context.root, root, options.plan ?? 'plan.yaml');
    if (!plans.has(file)) plans.set(file, loadCheckedPlanFile(file, file).plan);
    const plan = plans.get(file);
    const task = plan ? planUnits(plan).find((u) => u.key === options.task)?.task : undefined;
    // A unit whose items are their own targets reads their results: never before they are recorded.
    const gathers = !options.item && plan !== undefined && itemUnits(plan).some((i) => i.unit.key === options.task);
    if (task && !gathers && unitReadsOnly(task)) out.add(id);
  }
  return out;
}

/** Every task's dependencies in this batch, transitively (`order` lists dependencies first). */
function ancestorsOf(taskGraph: TaskGraph, order: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const id of order) {
    const all = new Set<string>();
    for (const dep of dependenciesInBatch(taskGraph, id)) {
      all.add(dep);
      for (const above of out.get(dep) ?? []) all.add(above);
    }
    out.set(id, all);
  }
  return out;
}
/** How many tasks run at once: nx.json's `parallel` (a number), else Nx's default of 3. */
export function parallelLimit(context: Pick<ExecutorContext, 'nxJsonConfiguration'>): number {
  const configured = Number((context.nxJsonConfiguration as { parallel?: unknown } | undefined)?.parallel);
  return Number.isInteger(configured) && configured > 0 ? configured : 3;
}

/**
 * The batch's task ids, every task after the tasks it depends on (dependencies outside the batch
 * have already completed). Ties keep Nx's order of the task graph.
 */
export function dependencyOrder(taskGraph: TaskGraph): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`Dependency cycle in the task graph: ${[...path, id].join(' → ')}`);
    state.set(id, 'visiting');
    for (const dep of dependenciesInBatch(taskGraph, id)) visit(dep, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of Object.keys(taskGraph.tasks)) visit(id, []);
  return order;
}

/** What Nx expects per task from a batch (its `BatchExecutorTaskResult`, not exported by @nx/devkit). */
export interface BatchTaskResult {
  task: string;
  result: { success: boolean; status: 'success' | 'failure' | 'skipped'; terminalOutput: string; startTime: number; endTime: number };
}

/** Ids of the tasks `id` depends on inside this batch (Nx 24 stores edges; older Nx, plain ids). */
function dependenciesInBatch(taskGraph: TaskGraph, id: string): string[] {
  const edges = (taskGraph.dependencies[id] ?? []) as Array<{ id: string } | string>;
  return edges.map((edge) => (typeof edge === 'string' ? edge : edge.id)).filter((dep) => dep in taskGraph.tasks);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
