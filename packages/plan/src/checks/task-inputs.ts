import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Item, Task } from '../model/plan-schema';
import { RESULTS_DIR, resultFileOf } from './results-file';
import { plannedChecks, plannedItemChecks } from './verify-plan';

/**
 * What a task's verification reads, and a digest of it that its recorded result carries.
 *
 * The plugin makes these paths the Nx inputs of the task's target; a dependant does not list its
 * dependencies' files again (that grows quadratically along a chain) but reads their recorded
 * results (`dependentTasksOutputFiles`). So each result carries `inputsDigest`: the content of the
 * task's own inputs chained with the digests of its dependencies' results (Merkle-style). A change
 * to any file upstream changes every result below it, and Nx re-runs every dependant.
 */

/**
 * Plan paths a task reads or produces: its files, its extra inputs and the paths its checks take;
 * the same of its items, except those `ownTarget` says are their own targets (their paths are theirs).
 */
export function taskInputPaths(task: Task, ownTarget: (item: Item) => boolean = () => false): string[] {
  const own = [...task.files.map((f) => f.path), ...(task.inputs ?? []), ...plannedChecks(task).flatMap((c) => c.paths)];
  const ofItems = task.items.filter((item) => !ownTarget(item)).flatMap((item) => itemInputPaths(item, task));
  return [...new Set([...own, ...ofItems])];
}

/** Plan paths one item reads or produces: its files, its extra inputs and the paths its checks take. */
export function itemInputPaths(item: Item, task: Task): string[] {
  return [...new Set([...item.files.map((f) => f.path), ...(item.inputs ?? []), ...plannedItemChecks(item, task).flatMap((c) => c.paths)])];
}

/** sha256 over the task's input files (by content; symlinks by what they point at) and its dependencies' digests. */
export function taskInputsDigest(
  planDir: string,
  task: Task,
  dependencyKeys: readonly string[],
  paths: readonly string[] = taskInputPaths(task),
): string {
  const hash = createHash('sha256');
  for (const planPath of [...paths].sort()) {
    for (const [file, digest] of fileDigests(planDir, planPath)) hash.update(`file ${file} ${digest}\n`);
  }
  for (const key of [...dependencyKeys].sort()) hash.update(`dependency ${key} ${recordedDigest(planDir, key)}\n`);
  return hash.digest('hex');
}

/** The digest a dependency's recorded result carries ("none" when it has no result). */
function recordedDigest(planDir: string, key: string): string {
  try {
    const recorded = JSON.parse(readFileSync(path.join(planDir, resultFileOf(key)), 'utf8')) as {
      inputsDigest?: unknown;
      status?: unknown;
    };
    return `${String(recorded.status)} ${typeof recorded.inputsDigest === 'string' ? recorded.inputsDigest : 'none'}`;
  } catch {
    return 'none';
  }
}

function fileDigests(planDir: string, planPath: string): [string, string][] {
  const clean = planPath.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
  const absolute = path.join(planDir, clean);
  if (!existsSync(absolute)) return [[clean, 'missing']];
  if (!statSync(absolute).isDirectory()) return [[clean, sha256(readFileSync(absolute))]];
  const out: [string, string][] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(planDir, relative)).sort()) {
      const child = relative === '.' ? entry : `${relative}/${entry}`;
      // The recorded results are outputs, never inputs (a plan whose files are "." would read itself).
      if (child === RESULTS_DIR.split('/')[0] || child === 'node_modules' || child === '.git') continue;
      const stats = statSync(path.join(planDir, child), { throwIfNoEntry: false });
      if (stats?.isDirectory()) walk(child);
      else if (stats) out.push([child, sha256(readFileSync(path.join(planDir, child)))]);
    }
  };
  walk(clean);
  return out;
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
