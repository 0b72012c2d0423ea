import { TargetConfiguration } from '@nx/devkit';
import { ATTESTATIONS_FILE } from '../checks/attestations';
import { resultFileOf, RESULTS_DIR } from '../checks/results-file';
import { itemInputPaths, taskInputPaths } from '../checks/task-inputs';
import { hasItemTarget, integrationTargetName, itemId, itemUnits, planUnits, unitDependencies, Unit } from '../model/items';
import { Item, Plan } from '../model/plan-schema';
import { phaseTargetName } from '../model/reserved-keys';
import { definitionHashes, itemDefinitionHash } from './definition-hash';
import { escapeGlob, fileInput } from './nx-inputs';
import { symlinkTarget } from './plan-problems';

export interface TargetSettings {
  planFileName: string;
  executor: string;
  pluginVersion: string;
  verifyTargetName: string;
  /** `{ externalDependencies: [plan] }` when the plugin is an installed package. */
  versionInputs: { externalDependencies: string[] }[];
  planDir: string;
}

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/**
 * The targets of a valid plan. A task target's hash covers exactly what defines its verification:
 * - its own files, extra inputs and check paths (escaped for Nx's globs; a symlink also by its target);
 * - its definition in plan.yaml, chained through its dependencies (a runtime input, definition-hash.ts);
 * - the recorded results of its direct dependencies, whose `inputsDigest` chains every file upstream
 *   (checks/task-inputs.ts): inputs grow with the task, not with the chain above it;
 * - attestations.json beside plan.yaml, and the plugin version when it is installed.
 * Editing one task re-runs it and its dependants; the other tasks keep their cached results.
 * With `itemTargets: true`, each item with checks is a target of its own (its files, inputs, check
 * paths and definition; after its unit's dependencies, hashing none of their results), and its
 * unit's target depends on it and hashes its result instead of its files.
 */
export function planTargets(
  plan: Plan,
  settings: TargetSettings,
): { targets: Record<string, TargetConfiguration>; targetGroups: Record<string, string[]> } {
  const targets: Record<string, TargetConfiguration> = {};
  const deps = unitDependencies(plan);
  const units = planUnits(plan);
  const tasks = units.map((u) => u.task);
  const definitions = definitionHashes(tasks, deps);
  const aggregateInputs = new Set<string>();
  const items = itemUnits(plan);
  const ownTarget = (item: Item) => hasItemTarget(plan, item);
  // Items with their own target (plans with itemTargets: true): each runs its checks, cached by its
  // own inputs and definition only. It runs after its unit's dependencies, whose results it does not hash.
  for (const { key, unit, item } of items) {
    const files = pathInputs(itemInputPaths(item, unit.task), settings.planDir);
    files.forEach((f) => aggregateInputs.add(f));
    targets[key] = {
      executor: settings.executor,
      options: { plan: settings.planFileName, task: unit.key, item: itemId(item), pluginVersion: settings.pluginVersion },
      dependsOn: deps.get(unit.key) ?? [],
      inputs: [
        ...files,
        `{projectRoot}/${escapeGlob(ATTESTATIONS_FILE)}`,
        { runtime: `echo plan-item-definition ${itemDefinitionHash(unit.task, item)}` },
        ...settings.versionInputs,
      ],
      outputs: [`{projectRoot}/${resultFileOf(key)}`],
      cache: true,
      metadata: {
        description: `Item ${itemId(item)} of ${describeUnit(plan, unit)}: ${item.text}`,
        technologies: ['plan'],
        help: { command: 'npx plan verify --help', example: { args: ['--format=json'] } },
      },
    };
  }
  for (const unit of units) {
    const task = unit.task;
    const files = pathInputs(taskInputPaths(task, ownTarget), settings.planDir);
    files.forEach((f) => aggregateInputs.add(f));
    const ownItems = items.filter((i) => i.unit.key === unit.key).map((i) => i.key);
    const dependencies = [...(deps.get(task.key) ?? []), ...ownItems];
    const inputs: Input[] = [
      ...files,
      `{projectRoot}/${escapeGlob(ATTESTATIONS_FILE)}`,
      { runtime: `echo plan-definition ${definitions.get(task.key)}` },
      ...(dependencies.length ? [dependencyResults] : []),
      ...settings.versionInputs,
    ];
    targets[task.key] = {
      executor: settings.executor,
      options: { plan: settings.planFileName, task: task.key, pluginVersion: settings.pluginVersion },
      dependsOn: dependencies,
      inputs,
      outputs: [`{projectRoot}/${resultFileOf(task.key)}`],
      cache: true,
      metadata: {
        description: describeUnit(plan, unit),
        technologies: ['plan'],
        // Nx Console and the graph run `command` to show help: it must print help, never run the task.
        help: { command: 'npx plan verify --help', example: { args: ['--format=json'] } },
      },
    };
  }
  const targetGroups: Record<string, string[]> = {};
  plan.phases.forEach((phase, index) => {
    const keys = phase.tasks.map((t) => t.key);
    targetGroups[`Phase ${phase.id}: ${phase.title}`] = keys;
    targets[phaseTargetName(phase.id, index)] ??= {
      ...gate(settings, keys),
      dependsOn: keys,
      inputs: [dependencyResults, ...settings.versionInputs],
      cache: true,
      metadata: { description: `Phase ${phase.id}: ${phase.title} (every task of the phase)`, technologies: ['plan'] },
    };
  });
  // verify lists every task's files (each once) so that task-level `nx affected -t verify` selects
  // it whenever a change reaches any task.
  const extra = units.filter((u) => u.kind !== 'task').map((u) => u.key);
  if (extra.length) targetGroups['Integration and success'] = extra;
  if (items.length) targetGroups['Items (own targets)'] = items.map((i) => i.key);
  targets[settings.verifyTargetName] = {
    ...gate(
      settings,
      tasks.map((t) => t.key),
    ),
    dependsOn: tasks.map((t) => t.key),
    inputs: [...aggregateInputs, `{projectRoot}/${escapeGlob(ATTESTATIONS_FILE)}`, ...settings.versionInputs, dependencyResults],
    cache: true,
    metadata: { description: `Verify every task of ${plan.title}`, technologies: ['plan'] },
  };
  return { targets, targetGroups };
}

/** An aggregate's verdict comes from its units' recorded results, not from running anything again. */
const dependencyResults = { dependentTasksOutputFiles: `**/${RESULTS_DIR}/*.json` };

/**
 * Aggregates (verify, phases) are gates: they pass only when every unit they cover is verified or
 * attested. A unit that only awaits attestation succeeds so that what follows it runs, so an
 * nx:noop here would turn it green.
 */
function gate(settings: TargetSettings, keys: string[]): Pick<TargetConfiguration, 'executor' | 'options'> {
  return { executor: settings.executor, options: { plan: settings.planFileName, gate: keys, pluginVersion: settings.pluginVersion } };
}

/** "Stream A: API Contract", "Task 1.1: Schema", "Integration 1: Contract Validation (after Phase 1)", "Success criteria". */
function describeUnit(plan: Plan, unit: Unit): string {
  const { task } = unit;
  if (unit.kind === 'success') return `Success criteria (${task.items.length} item(s), after every phase and integration point)`;
  if (unit.kind === 'integration') {
    const point = plan.integrationPoints.find((p) => integrationTargetName(p.id) === unit.key);
    const after = point?.after.length ? `after ${point.after.join(', ')}` : 'after every phase';
    return `Integration ${point?.id ?? unit.key}: ${task.title} (${after})`;
  }
  return `${/^[A-Z]+$/.test(task.id) ? 'Stream' : 'Task'} ${task.id}: ${task.title}`;
}

/** Plan paths as fileset inputs; a symlink inside the plan folder adds what it points at. */
function pathInputs(paths: readonly string[], planDir: string): string[] {
  const out = new Set<string>();
  for (const planPath of paths) {
    out.add(fileInput(planPath));
    const target = planPath.endsWith('/') ? undefined : symlinkTarget(planDir, planPath);
    if (target) out.add(fileInput(target));
    // The plan folder as a whole would include the task results, which are outputs.
    if (fileInput(planPath) === '{projectRoot}/**/*') out.add(`!{projectRoot}/${RESULTS_DIR}/**/*`);
  }
  return [...out];
}
