import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { disposeLoadedChecks } from '../../checks/registry';
import { captureOutput } from './capture-output';
import { verify } from './executor';
import { VerifyExecutorSchema } from './schema';

/**
 * `plan:verify` for many tasks in one process (Nx's batchImplementation; executors.json sets
 * preferBatch, so `nx run-many -t verify` batches without a flag). The engines (PGlite,
 * tree-sitter, CPython helpers) start once for the whole run instead of once per task.
 *
 * Each task gets what the single-task executor would give it: the same function runs with a
 * context naming its project and target, writes the same `.plan/results/<task>.json`, and its
 * stdout/stderr become its own terminal output. A task starts once every dependency in this batch
 * succeeded, up to `parallel` tasks at a time (nx.json's `parallel`, else Nx's default 3: Nx passes
 * no --parallel to a batch), so a CPU-bound check and one waiting on Python overlap as they would
 * in separate processes. A task whose dependency did not succeed is reported `skipped` and never
 * runs, as Nx skips the dependants of a failed task. Results are yielded as tasks end, so Nx
 * shows and caches them per task.
 */
export default async function* verifyBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, VerifyExecutorSchema>,
  _overrides: VerifyExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const limit = parallelLimit(context);
  const order = dependencyOrder(taskGraph);
  const finished = new Map<string, boolean>();
  const running = new Map<string, Promise<BatchTaskResult>>();
  try {
    while (finished.size < order.length) {
      // Decide every waiting task whose dependencies have all finished: skip it or start it.
      let decided = true;
      while (decided) {
        decided = false;
        for (const id of order) {
          if (finished.has(id) || running.has(id)) continue;
          const deps = dependenciesInBatch(taskGraph, id);
          if (!deps.every((dep) => finished.has(dep))) continue;
          if (deps.some((dep) => !finished.get(dep))) {
            finished.set(id, false);
            decided = true;
            const now = Date.now();
            yield { task: id, result: { success: false, status: 'skipped', terminalOutput: '', startTime: now, endTime: now } };
          } else if (running.size < limit) {
            running.set(id, runTask(taskGraph, id, inputs[id] ?? {}, context));
          }
        }
      }
      if (running.size === 0) break;
      const done = await Promise.race(running.values());
      running.delete(done.task);
      finished.set(done.task, done.result.success);
      yield done;
    }
  } finally {
    // A consumer that stops early must not leave tasks writing after the engines are gone.
    await Promise.allSettled(running.values());
    await disposeLoadedChecks();
  }
}

/** One task through the single-task executor's function, its output captured as its own. */
async function runTask(
  taskGraph: TaskGraph,
  id: string,
  options: VerifyExecutorSchema,
  context: ExecutorContext,
): Promise<BatchTaskResult> {
  const task = taskGraph.tasks[id];
  const startTime = Date.now();
  const taskContext: ExecutorContext = {
    ...context,
    projectName: task.target.project,
    targetName: task.target.target,
    configurationName: task.target.configuration,
    target: context.projectsConfigurations?.projects[task.target.project]?.targets?.[task.target.target],
  };
  const run = await captureOutput(() => verify(options, taskContext));
  const success = !run.threw && run.value?.success === true;
  const terminalOutput = run.threw ? `${run.output}${errorMessage(run.error)}\n` : run.output;
  return { task: id, result: { success, status: success ? 'success' : 'failure', terminalOutput, startTime, endTime: Date.now() } };
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
