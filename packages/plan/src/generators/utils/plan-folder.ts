import { addDependenciesToPackageJson, GeneratorCallback, Tree } from '@nx/devkit';
import { stringify } from 'yaml';
import type { KindModule } from '../../kinds/kind-module';
import { PlanInput, PlanSchema } from '../../model/plan-schema';
import { renderPlanMarkdown } from '../../model/render-markdown';
import { pluginVersion } from '../../utils/package-info';
import { applyGeneratedFiles, FileHost, GenerationReport } from './generation-safety';
import { registerPlugin } from './register-plugin';

/**
 * The one writer of a plan folder, for every kind and for `plan import` (generator and CLI):
 * plan.yaml, PLAN.md, .gitignore (.plan/), project.json (targets beside the inferred ones) and
 * the kind's files, all through the manifest (generation-safety.ts: a re-run changes nothing,
 * user edits survive, --force overrides, --dry-run is exact).
 */

/** plan.yaml of a generated plan: editors complete and check it against the published schema. */
export const GENERATED_PLAN_HEADER = '# yaml-language-server: $schema=https://unpkg.com/plan/plan.schema.json\n';

export interface PlanFolder {
  plan: PlanInput;
  /** plan.yaml as written; default: GENERATED_PLAN_HEADER and the plan as given. */
  planYaml?: string;
  /** Plan-relative path → content: the kind's skill files, an import's placeholders. */
  files: Map<string, string>;
  projectTargets?: Record<string, unknown>;
  packageDependencies?: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
}

/** What a kind generates for a context. */
export function kindPlanFolder<C>(kind: KindModule<unknown, C>, context: C): PlanFolder {
  return {
    plan: kind.plan(context),
    files: kind.files(context),
    ...(kind.projectTargets ? { projectTargets: kind.projectTargets(context) } : {}),
    ...(kind.packageDependencies ? { packageDependencies: kind.packageDependencies(context) } : {}),
  };
}

/** Every file of the folder, plan-relative path → content. Pure: same folder, same bytes. */
export function planFolderFiles(folder: PlanFolder): Map<string, string> {
  const files = new Map(folder.files);
  // A kind whose plan does not satisfy the schema is a bug of the kind: fail before writing.
  const plan = PlanSchema.parse(folder.plan);
  files.set('plan.yaml', folder.planYaml ?? `${GENERATED_PLAN_HEADER}${stringify(folder.plan, { lineWidth: 0 })}`);
  files.set('PLAN.md', renderPlanMarkdown(plan));
  // Task results (.plan/results) are Nx outputs, not sources.
  const ignore = files.get('.gitignore') ?? '';
  if (!/^\.plan\/$/m.test(ignore)) files.set('.gitignore', `${ignore}${ignore && !ignore.endsWith('\n') ? '\n' : ''}.plan/\n`);
  if (folder.projectTargets && Object.keys(folder.projectTargets).length > 0)
    // Nx merges project.json with the targets the plugin infers from plan.yaml.
    files.set('project.json', JSON.stringify({ name: plan.name, targets: folder.projectTargets }, null, 2) + '\n');
  return files;
}

/** Writes the folder through the manifest; on an Nx tree also registers the plugin and the npm packages. */
export function writePlanFolder(
  tree: FileHost,
  root: string,
  folder: PlanFolder,
  options: { force?: boolean; generator: string },
): { files: Map<string, string>; report: GenerationReport } {
  const files = planFolderFiles(folder);
  const report = applyGeneratedFiles(tree, root, files, { force: options.force, generator: options.generator, version: pluginVersion() });
  return { files, report };
}

/** writePlanFolder in an Nx workspace: the plugin registered, npm packages added; install runs last. */
export function writePlanFolderInWorkspace(
  tree: Tree,
  root: string,
  folder: PlanFolder,
  options: { force?: boolean; generator: string },
): { files: Map<string, string>; report: GenerationReport; install: GeneratorCallback } {
  const written = writePlanFolder(tree, root, folder, options);
  registerPlugin(tree);
  const deps = folder.packageDependencies;
  const wanted = { ...(deps?.dependencies ?? {}) };
  const wantedDev = { ...(deps?.devDependencies ?? {}) };
  const install =
    Object.keys(wanted).length + Object.keys(wantedDev).length > 0
      ? addDependenciesToPackageJson(tree, wanted, wantedDev)
      : () => undefined;
  return { ...written, install };
}
