import { CreateNodes, CreateNodesContext, CreateNodesResult, ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostics } from '../model/diagnostics';
import { loadCheckedPlanFile } from '../checks/check-options';
import { Plan } from '../model/plan-schema';
import { installedName, pluginVersion } from '../utils/package-info';
import { duplicateNameErrors, pathDerivedName, planProblems } from './plan-problems';
import { planTargets } from './task-targets';

export interface PlanPluginOptions {
  /** Name of the aggregate target that depends on every task (default `verify`). */
  verifyTargetName?: string;
}

export const PLAN_FILE_GLOB = '**/plan.yaml';

/**
 * One Nx project per plan.yaml: a cached target per task running its checks (task-targets.ts).
 * Nothing a plan contains may break the workspace: Nx fails every command when createNodes throws
 * or two projects share a name, so a plan that does not load, or whose name another plan also
 * uses, becomes a project named by its file path whose only target, `verify`, fails with the
 * errors at file:line:col. Nx hands every plan.yaml to one call, which is where duplicates show.
 */
export const createNodes: CreateNodes<PlanPluginOptions> = [
  PLAN_FILE_GLOB,
  (configFiles, options, context) => createNodesForPlanFiles(configFiles, options ?? {}, context),
];

interface LoadedPlan {
  file: string;
  root: string;
  plan?: Plan;
  errors?: string;
}

export function createNodesForPlanFiles(
  planFiles: readonly string[],
  options: PlanPluginOptions,
  context: CreateNodesContext,
): Array<[string, CreateNodesResult]> {
  const loaded = planFiles.map((file) => loadOne(file, options, context));
  const packageName = installedName();
  const shared: Shared = {
    executor: `${packageName}:verify`,
    verifyTargetName: options.verifyTargetName ?? 'verify',
    versionInputs: pluginIsInstalled(context.workspaceRoot, packageName) ? [{ externalDependencies: [packageName] }] : [],
  };
  const duplicates = duplicateNameErrors(
    loaded.filter((l) => l.plan).map((l) => ({ file: l.file, name: l.plan!.name })),
    context.workspaceRoot,
  );
  return loaded.map((entry) => {
    const errors = entry.errors ?? duplicates.get(entry.file);
    try {
      return [
        entry.file,
        { projects: { [entry.root]: errors ? invalidProject(entry, errors, shared) : validProject(entry, shared, context) } },
      ];
    } catch (error) {
      // A bug here must cost one project, not the workspace.
      return [
        entry.file,
        { projects: { [entry.root]: invalidProject(entry, `${entry.file}:1:1  error  ${(error as Error).message}`, shared) } },
      ];
    }
  });
}

function loadOne(planFile: string, options: PlanPluginOptions, context: CreateNodesContext): LoadedPlan {
  const file = planFile.split(path.sep).join('/');
  const root = path.posix.dirname(file);
  try {
    const { plan, diagnostics } = loadCheckedPlanFile(path.join(context.workspaceRoot, file), file);
    if (!plan) return { file, root, errors: formatDiagnostics(diagnostics) };
    const problems = planProblems(plan, file, path.join(context.workspaceRoot, root), options.verifyTargetName);
    return problems.length ? { file, root, errors: formatDiagnostics(problems) } : { file, root, plan };
  } catch (error) {
    return { file, root, errors: `${file}:1:1  error  ${(error as Error).message}` };
  }
}

interface Shared {
  executor: string;
  verifyTargetName: string;
  versionInputs: { externalDependencies: string[] }[];
}

function validProject(entry: LoadedPlan, shared: Shared, context: CreateNodesContext): ProjectConfiguration {
  const plan = entry.plan!;
  const { targets, targetGroups } = planTargets(plan, {
    ...shared,
    planFileName: path.posix.basename(entry.file),
    pluginVersion: pluginVersion(),
    planDir: path.join(context.workspaceRoot, entry.root),
  });
  return {
    name: plan.name,
    root: entry.root,
    tags: ['plan', `plan:${plan.kind}`],
    targets,
    metadata: { description: plan.title, targetGroups, technologies: ['plan'] },
  };
}

/** A plan that cannot become targets: a unique name from its path, and a verify that fails saying why. */
function invalidProject(entry: LoadedPlan, errors: string, shared: Shared): ProjectConfiguration {
  const verify: TargetConfiguration = {
    executor: shared.executor,
    options: { plan: path.posix.basename(entry.file), error: `${entry.file} cannot be verified; fix it and run again:\n${errors}` },
    cache: false,
    metadata: { description: 'Fails: plan.yaml has errors', technologies: ['plan'], errors },
  };
  return {
    name: pathDerivedName(entry.file),
    root: entry.root,
    tags: ['plan', 'plan:invalid'],
    targets: { [shared.verifyTargetName]: verify },
  };
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
