import { ExecutorContext } from '@nx/devkit';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { noteNxRun } from '../../checks/nx-runs';
import { resultFileOf } from '../../checks/results-file';
import { recordProducedResult } from '../../checks/result-origin';
import { itemInputPaths, taskInputPaths, taskInputsDigest } from '../../checks/task-inputs';
import { hasItemTarget, itemId, itemUnits, planUnits, unitDependencies } from '../../model/items';
import { Plan } from '../../model/plan-schema';
import { disposeLoadedChecks } from '../../checks/registry';
import { formatDiagnostics } from '../../model/diagnostics';
import { loadCheckedPlanFile } from '../../checks/check-options';
import { formatJson, formatText } from '../../checks/format';
import { isDone, outcomeReport } from '../../checks/evidence';
import { gateReport } from './gate';
import { verifyItem, verifyPlan, verifyTask, TaskOutcome } from '../../checks/verify-plan';
import { VerifyExecutorSchema } from './schema';
import { keepTypeScriptLoadable } from '../../utils/source-mode';
import { baselineWasmOnly } from '../../utils/wasm-tiering';

/** Runs a task's checks inside Nx. The same functions back `plan verify` on the CLI. */
export default async function verifyExecutor(options: VerifyExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  baselineWasmOnly();
  try {
    return await verify(options, context);
  } finally {
    await disposeLoadedChecks();
  }
}

/** One target's run, without disposing the engines: the batch implementation runs many in one process. */
export async function verify(options: VerifyExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return (await prepareVerify(options, context)).record();
}

/**
 * A target whose checks have run and whose result is not yet recorded: `record()` writes its
 * result file and prints its report. The batch records a unit only after the units it depends on
 * (the result chains their recorded results), so it may run the checks of a unit earlier.
 */
export interface PreparedRun {
  record(): { success: boolean };
}

export async function prepareVerify(options: VerifyExecutorSchema, context: ExecutorContext): Promise<PreparedRun> {
  keepTypeScriptLoadable();
  const fail = (message: string): PreparedRun => ({ record: () => (console.error(message), { success: false }) });
  if (options.error) {
    // Set by the plugin on a plan it could not turn into targets (errors, a name used twice).
    return fail(options.error);
  }
  const projectRoot = context.projectsConfigurations?.projects[context.projectName!]?.root ?? '.';
  const planDir = path.join(context.root, projectRoot);
  noteNxRun(planDir);
  if (options.gate) {
    const keys = options.gate;
    return {
      record: () => {
        const report = gateReport(planDir, keys, `${context.projectName}:${context.targetName}`, projectRoot);
        (report.ok ? console.log : console.error)(report.text.trimEnd());
        return { success: report.ok };
      },
    };
  }
  const planFile = path.join(planDir, options.plan ?? 'plan.yaml');
  const display = path.relative(context.root, planFile) || 'plan.yaml';
  const { plan, diagnostics } = loadCheckedPlanFile(planFile, display);
  if (!plan) return fail(`${display} has errors; fix them and run again:\n${formatDiagnostics(diagnostics)}`);
  const outcomes: TaskOutcome[] = options.task
    ? [
        options.item
          ? await verifyItem(plan, planDir, options.task, options.item, { displayRoot: projectRoot })
          : await verifyTask(plan, planDir, options.task, { displayRoot: projectRoot, recordedItems: true }),
      ]
    : await verifyPlan(plan, planDir, { displayRoot: projectRoot });
  return {
    record: () => {
      for (const outcome of outcomes) {
        const results = outcome.results;
        if (options.task)
          writeResult(path.join(planDir, resultFileOf(outcome.key)), outcome, digestOf(plan, planDir, options), context.root);
        if (options.format === 'json') process.stdout.write(formatJson(results));
        else if (results.some((r) => r.findings.length > 0)) process.stdout.write(formatText(results));
        const report = outcomeReport(outcome, display);
        (report.ok ? console.log : console.error)(report.text.trimEnd());
      }
      // One unit: it may only await attestation (its dependants run; the gates still fail). The whole plan: every unit done.
      return {
        success: options.task ? outcomes.every((o) => outcomeReport(o, display).ok) : outcomes.every((o) => isDone(o.status)),
      };
    },
  };
}

/**
 * What a recorded result chains: a unit's own inputs (not those of its items with own targets) with
 * the digests of its dependencies and of those items' results; an item's target, its inputs alone.
 */
function digestOf(plan: Plan, planDir: string, options: VerifyExecutorSchema): string {
  const unit = planUnits(plan).find((u) => u.key === options.task)!.task;
  if (options.item) {
    const item = unit.items.find((i) => itemId(i) === options.item)!;
    return taskInputsDigest(planDir, unit, [], itemInputPaths(item, unit));
  }
  const ownTargets = itemUnits(plan).filter((i) => i.unit.key === unit.key);
  return taskInputsDigest(
    planDir,
    unit,
    [...(unitDependencies(plan).get(unit.key) ?? []), ...ownTargets.map((i) => i.key)],
    taskInputPaths(unit, (item) => hasItemTarget(plan, item)),
  );
}

/**
 * The task's outcome as a declared output, so Nx restores it from cache and `plan status` can read
 * it. `inputsDigest` chains the content of everything upstream: dependants hash this file.
 */
function writeResult(file: string, outcome: TaskOutcome, inputsDigest: string, workspaceRoot: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Each item's state and its own results (also in `results`, which plan report reads).
  const items = outcome.items?.map((i) => ({ id: i.id, status: i.status, ...(i.reason ? { reason: i.reason } : {}), results: i.results }));
  const record = {
    key: outcome.key,
    status: outcome.status,
    ...(outcome.reason && outcome.items ? { reason: outcome.reason } : {}),
    inputsDigest,
    results: outcome.results,
    ...(items ? { items } : {}),
  };
  const content = JSON.stringify(record, null, 2) + '\n';
  writeFileSync(file, content);
  // Outside the cached outputs: plan status tells results produced here from ones restored from a remote cache.
  recordProducedResult(workspaceRoot, content);
}
