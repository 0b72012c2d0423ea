import { CreateNodes, CreateNodesContext, CreateNodesResult, createNodesFromFiles, TargetConfiguration } from '@nx/devkit';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { formatDiagnostics } from '../model/diagnostics';
import { dependencyMap, upstreamOf } from '../model/graph';
import { loadPlanFile } from '../model/loader';
import { allTasks, Plan, Task } from '../model/plan-schema';
import { plannedChecks } from '../checks/verify-plan';
import { resultFileOf } from '../checks/results-file';
import { installedName, pluginVersion } from '../utils/package-info';

export interface PlanPluginOptions {
  /** Name of the aggregate target that depends on every task (default `verify`). */
  verifyTargetName?: string;
}

export const PLAN_FILE_GLOB = '**/plan.yaml';

/**
 * One Nx project per plan.yaml: a cached target per task running its checks, with dependsOn from
 * the plan and inputs = the task's files + the files of every task upstream of it. A broken
 * plan.yaml never throws out of here (that would break every Nx command in the workspace): it
 * becomes a project whose `verify` target fails with the located errors.
 */
export const createNodes: CreateNodes<PlanPluginOptions> = [
  PLAN_FILE_GLOB,
  (configFiles, options, context) => createNodesFromFiles(createNodesForPlanFile, configFiles, options ?? {}, context),
];

export function createNodesForPlanFile(
  planFile: string,
  options: PlanPluginOptions | undefined,
  context: CreateNodesContext,
): CreateNodesResult {
  const root = path.posix.dirname(planFile.split(path.sep).join('/'));
  const verifyTarget = options?.verifyTargetName ?? 'verify';
  const absolute = path.join(context.workspaceRoot, planFile);
  const version = pluginVersion();
  const packageName = installedName();
  const executor = `${packageName}:verify`;
  const versionInputs = pluginIsInstalled(context.workspaceRoot, packageName) ? [{ externalDependencies: [packageName] }] : [];
  let plan: Plan | undefined;
  let errors: string | undefined;
  try {
    const loaded = loadPlanFile(absolute, planFile);
    plan = loaded.plan;
    if (!plan) errors = formatDiagnostics(loaded.diagnostics);
  } catch (error) {
    errors = `${planFile}:1:1  error  ${(error as Error).message}`;
  }
  if (!plan) {
    return {
      projects: {
        [root]: {
          name: fallbackProjectName(absolute, root, context.workspaceRoot),
          root,
          tags: ['plan', 'plan:invalid'],
          targets: {
            [verifyTarget]: {
              executor,
              options: { plan: path.posix.basename(planFile), pluginVersion: version },
              cache: false,
              metadata: { description: 'Fails: plan.yaml has errors', technologies: ['plan'], errors },
            },
          },
        },
      },
    };
  }

  const targets: Record<string, TargetConfiguration> = {};
  const deps = dependencyMap(plan);
  const allInputs = new Set<string>();
  for (const task of allTasks(plan)) {
    const upstream = upstreamOf(plan, task.key).map((k) => allTasks(plan!).find((t) => t.key === k)!);
    const inputs = unique([task, ...upstream].flatMap(taskInputPaths).map(toInput));
    inputs.forEach((i) => allInputs.add(i));
    targets[task.key] = {
      executor,
      options: { plan: path.posix.basename(planFile), task: task.key, pluginVersion: version },
      dependsOn: deps.get(task.key) ?? [],
      inputs: [...inputs, ...versionInputs],
      outputs: [`{projectRoot}/${resultFileOf(task.key)}`],
      cache: true,
      metadata: {
        description: `${/^[A-Z]+$/.test(task.id) ? 'Stream' : 'Task'} ${task.id}: ${task.title}`,
        technologies: ['plan'],
        help: { command: `npx plan verify ${planFile} --task ${task.key}`, example: {} },
      },
    };
  }
  const phaseGroups: Record<string, string[]> = {};
  plan.phases.forEach((phase, index) => {
    const keys = phase.tasks.map((t) => t.key);
    phaseGroups[`Phase ${phase.id}: ${phase.title}`] = keys;
    targets[`phase-${slug(phase.id) || index + 1}`] ??= {
      executor: 'nx:noop',
      dependsOn: keys,
      cache: true,
      metadata: { description: `Phase ${phase.id}: ${phase.title} (every task of the phase)`, technologies: ['plan'] },
    };
  });
  // Aggregates need no process: nx:noop + dependsOn. verify carries every input so that
  // task-level `nx affected -t verify` selects it whenever a change reaches any task.
  targets[verifyTarget] = {
    executor: 'nx:noop',
    dependsOn: allTasks(plan).map((t) => t.key),
    inputs: [...allInputs, ...versionInputs],
    cache: true,
    metadata: { description: `Verify every task of ${plan.title}`, technologies: ['plan'] },
  };
  return {
    projects: {
      [root]: {
        name: plan.name,
        root,
        tags: ['plan', `plan:${plan.kind}`],
        targets,
        metadata: { description: plan.title, targetGroups: phaseGroups, technologies: ['plan'] },
      },
    },
  };
}

/** Files a task reads or produces: its files and the paths its checks take. */
function taskInputPaths(task: Task): string[] {
  return [...task.files.map((f) => f.path), ...(task.inputs ?? []), ...plannedChecks(task).flatMap((c) => c.paths)];
}

function toInput(planPath: string): string {
  const clean = planPath.replace(/^\.\//, '');
  if (clean === '' || clean === '.') return '{projectRoot}/**/*';
  return clean.endsWith('/') ? `{projectRoot}/${clean}**/*` : `{projectRoot}/${clean}`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Name of a project whose plan.yaml does not load: its `name:` if readable, else the folder. */
function fallbackProjectName(absolute: string, root: string, workspaceRoot: string): string {
  try {
    const name = parseDocument(readFileSync(absolute, 'utf8')).get('name');
    if (typeof name === 'string' && /^[a-z][a-z0-9-]*$/.test(name)) return name;
  } catch {
    /* fall through to the folder name */
  }
  const folder = root === '.' ? path.basename(workspaceRoot) : path.posix.basename(root);
  return slug(folder) || 'plan';
}

/** True when `plan` is an installed npm package here (not this repo's own workspace source). */
function pluginIsInstalled(workspaceRoot: string, packageName: string): boolean {
  const candidate = path.join(workspaceRoot, 'node_modules', ...packageName.split('/'), 'package.json');
  if (!existsSync(candidate)) return false;
  try {
    return realpathSync(candidate).split(path.sep).includes('node_modules');
  } catch {
    return false;
  }
}
