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
 * stdout/stderr become its own terminal output. Tasks run one at a time in dependency order; a
 * task whose dependency in this batch did not succeed is reported `skipped` and never runs, as Nx
 * skips the dependants of a failed task. Results are yielded as each task ends, so Nx shows and
 * caches them per task.
 */
export default async function* verifyBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, VerifyExecutorSchema>,
  _overrides: VerifyExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const succeeded = new Set<string>();
  try {
    for (const id of dependencyOrder(taskGraph)) {
      const task = taskGraph.tasks[id];
      if (dependenciesInBatch(taskGraph, id).some((dep) => !succeeded.has(dep))) {
        const now = Date.now();
        yield { task: id, result: { success: false, status: 'skipped', terminalOutput: '', startTime: now, endTime: now } };
        continue;
      }
      const startTime = Date.now();
      const taskContext: ExecutorContext = {
        ...context,
        projectName: task.target.project,
        targetName: task.target.target,
        configurationName: task.target.configuration,
        target: context.projectsConfigurations?.projects[task.target.project]?.targets?.[task.target.target],
      };
      const run = await captureOutput(() => verify(inputs[id] ?? {}, taskContext));
      const success = !run.threw && run.value?.success === true;
      if (success) succeeded.add(id);
      const terminalOutput = run.threw ? `${run.output}${errorMessage(run.error)}\n` : run.output;
      yield { task: id, result: { success, status: success ? 'success' : 'failure', terminalOutput, startTime, endTime: Date.now() } };
    }
  } finally {
    await disposeLoadedChecks();
  }
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
