import { lstatSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { pathToString, PlanDiagnostic } from '../model/diagnostics';
import { allTasks, Plan } from '../model/plan-schema';
import { reservedKeyReason, suggestedKey } from '../model/reserved-keys';
import { PLAN_YAML_MAX_BYTES, readSourceFile } from '../model/source-text';

/**
 * What makes a plan that loads unfit for the Nx graph, beyond the model's own rules (those the
 * loader reports everywhere): a task keyed like a custom verify target name, a task file that is a
 * symlink leaving the plan folder (Nx would hash the link, not what the checks read), and a plan
 * name another plan uses too. Each is located at file:line:col.
 */
export function planProblems(plan: Plan, file: string, planDir: string, verifyTargetName?: string): PlanDiagnostic[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const extra = verifyTargetName && verifyTargetName !== 'verify' ? [verifyTargetName] : [];
  const taken = new Set(allTasks(plan).map((t) => t.key));
  const realDir = realpathOr(planDir);
  // Files of tasks and of items (issue 10): a symlink leaving the plan folder could never be re-checked.
  const outsideLinks = (files: Plan['phases'][number]['tasks'][number]['files'], at: (string | number)[]) =>
    files.forEach((entry, fileIndex) => {
      const outside = symlinkOutside(planDir, realDir, entry.path);
      if (outside)
        problems.push({
          path: [...at, 'files', fileIndex, 'path'],
          message: `"${entry.path}" is a symlink to ${outside}, outside the plan folder: Nx cannot hash what it points at, so its task could never be re-checked. Copy the file into the plan folder or link the other way round.`,
        });
    });
  plan.phases.forEach((phase, phaseIndex) =>
    phase.tasks.forEach((task, taskIndex) => {
      const at = ['phases', phaseIndex, 'tasks', taskIndex];
      if (extra.includes(task.key)) {
        const suggestion = suggestedKey(task.key, taken, extra);
        problems.push({
          path: [...at, 'key'],
          message: `Task key "${task.key}" is reserved (${reservedKeyReason(task.key, extra)} as verifyTargetName in nx.json): rename it, e.g. key: ${suggestion}.`,
        });
      }
      outsideLinks(task.files, at);
      task.items.forEach((item, itemIndex) => outsideLinks(item.files, [...at, 'items', itemIndex]));
    }),
  );
  plan.integrationPoints.forEach((point, p) =>
    point.items.forEach((item, i) => outsideLinks(item.files, ['integrationPoints', p, 'items', i])),
  );
  plan.successCriteria.forEach((item, i) => outsideLinks(item.files, ['successCriteria', i]));
  return problems.length ? locate(planDir, file, problems) : [];
}

/** Where `planPath` points when it is a symlink resolving outside the plan folder. */
function symlinkOutside(planDir: string, realDir: string, planPath: string): string | undefined {
  const absolute = path.join(planDir, planPath.replace(/\/+$/, ''));
  try {
    if (!lstatSync(absolute).isSymbolicLink()) return undefined;
  } catch {
    return undefined; // missing: files-exist reports it
  }
  const target = realpathOr(absolute);
  const relative = path.relative(realDir, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative)) ? undefined : target;
}

/** The target of a symlink inside the plan folder, as a plan path (so Nx hashes what the checks read). */
export function symlinkTarget(planDir: string, planPath: string): string | undefined {
  const absolute = path.join(planDir, planPath.replace(/\/+$/, ''));
  try {
    if (!lstatSync(absolute).isSymbolicLink()) return undefined;
    const relative = path.relative(realpathOr(planDir), realpathSync(absolute));
    return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep).join('/');
  } catch {
    return undefined;
  }
}

/** Errors for every plan whose `name` another plan uses too (by plan file). */
export function duplicateNameErrors(plans: readonly { file: string; name: string }[], workspaceRoot: string): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const { file, name } of plans) byName.set(name, [...(byName.get(name) ?? []), file]);
  const errors = new Map<string, string>();
  for (const [name, files] of byName) {
    if (files.length < 2) continue;
    for (const file of files) {
      const others = files.filter((f) => f !== file).join(', ');
      const [where] = locate(path.join(workspaceRoot, path.posix.dirname(file)), file, [
        {
          path: ['name'],
          message: `Plan name "${name}" is also the name of ${others}: Nx project names must be unique, so these plans are named by their files (${files.join(', ')}) until each has a name of its own.`,
        },
      ]);
      errors.set(file, `${where.file}:${where.line}:${where.column}  error  ${where.message}  (name)`);
    }
  }
  return errors;
}

/**
 * The project name of a plan that cannot use its own: the path of its plan file
 * (`plans/churn/plan.yaml`), which no valid plan name (kebab-case), no other plan and no
 * project named like its folder (`plan` beside `x/plan/plan.yaml`) can equal.
 */
export function pathDerivedName(planFile: string): string {
  return planFile;
}

function locate(planDir: string, file: string, problems: { path: (string | number)[]; message: string }[]): PlanDiagnostic[] {
  let doc: ReturnType<typeof parseDocument> | undefined;
  const lineCounter = new LineCounter();
  try {
    // The file loaded a moment ago; read it again through the same cap and strict UTF-8 (it may have changed).
    const source = readSourceFile(path.join(planDir, path.posix.basename(file)), file, PLAN_YAML_MAX_BYTES);
    doc = source.text === undefined ? undefined : parseDocument(source.text, { lineCounter });
  } catch {
    doc = undefined;
  }
  return problems.map(({ path: at, message }) => {
    const offset = doc ? offsetOf(doc.contents, at) : undefined;
    const { line, col } = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    return { code: 'graph', file, line, column: col, message, path: pathToString(at) };
  });
}

function offsetOf(root: unknown, at: readonly (string | number)[]): number | undefined {
  let node: unknown = root;
  for (const part of at) {
    if (isMap(node)) node = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part)?.value;
    else if (isSeq(node) && typeof part === 'number') node = node.items[part];
    else return undefined;
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range?.[0];
}

function realpathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
