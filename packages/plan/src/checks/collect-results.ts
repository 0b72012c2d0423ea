import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CheckResult, Finding, resultOf } from './contract';
import { RESULTS_DIR } from './results-file';

/** One task's recorded outcome, as the verify executor writes it (an Nx output, restored from cache). */
export interface RecordedTask {
  /** The result file, relative to the cwd given to collectResults. */
  file: string;
  key: string;
  status: string;
  results: CheckResult[];
}

export interface CollectedResults {
  tasks: RecordedTask[];
  /** Result files that could not be read or do not have the recorded shape (`file: reason`). */
  problems: string[];
  /** The tasks' results merged per check: one CheckResult per check name, identical findings once. */
  merged: CheckResult[];
}

const [DOT_DIR, RESULTS_SUBDIR] = RESULTS_DIR.split('/');

/**
 * Every `.plan/results/*.json` under the given folders. The walk skips node_modules and
 * dot-folders (other than `.plan`, where only `results/` is read), and never follows symlinks,
 * so a workspace with linked packages cannot make it loop.
 */
export function collectResults(roots: string[], cwd: string): CollectedResults {
  const files = new Set<string>();
  const problems: string[] = [];
  for (const root of roots) {
    const abs = path.resolve(cwd, root);
    try {
      if (!statSync(abs).isDirectory()) {
        problems.push(`${root}: not a folder`);
        continue;
      }
    } catch {
      problems.push(`${root}: not found`);
      continue;
    }
    walk(abs, files);
  }
  const tasks: RecordedTask[] = [];
  for (const abs of [...files].sort()) {
    const file = path.relative(cwd, abs) || abs;
    const parsed = readRecorded(abs);
    if (typeof parsed === 'string') problems.push(`${file}: ${parsed}`);
    else tasks.push({ file, ...parsed });
  }
  return { tasks, problems, merged: mergeByCheck(tasks.flatMap((t) => t.results)) };
}

function walk(dir: string, out: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folder: nothing of ours in it
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    if (entry.name === DOT_DIR) {
      const results = path.join(dir, DOT_DIR, RESULTS_SUBDIR);
      try {
        for (const name of readdirSync(results)) if (name.endsWith('.json')) out.add(path.join(results, name));
      } catch {
        /* .plan without results yet */
      }
      continue;
    }
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    walk(path.join(dir, entry.name), out);
  }
}

function readRecorded(file: string): Omit<RecordedTask, 'file'> | string {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `unreadable (${(error as Error).message}); run the task again`;
  }
  const o = json as Partial<RecordedTask>;
  if (!o || typeof o !== 'object' || typeof o.key !== 'string' || !Array.isArray(o.results))
    return 'not a plan task result ({ key, status, results })';
  const results = o.results.filter(isCheckResult);
  if (results.length !== o.results.length) return 'has results without { check, ok, findings }';
  return { key: o.key, status: typeof o.status === 'string' ? o.status : 'unknown', results };
}

function isCheckResult(r: unknown): r is CheckResult {
  const c = r as CheckResult;
  return !!c && typeof c === 'object' && typeof c.check === 'string' && Array.isArray(c.findings) && c.findings.every(isFinding);
}

function isFinding(f: unknown): f is Finding {
  const x = f as Finding;
  return (
    !!x &&
    typeof x === 'object' &&
    typeof x.rule === 'string' &&
    typeof x.message === 'string' &&
    typeof x.file === 'string' &&
    ['error', 'warning', 'info'].includes(x.severity)
  );
}

/**
 * One result per check name, in name order: code scanning wants one SARIF run per tool, and two
 * tasks running the same check on the same file would otherwise report its findings twice.
 */
export function mergeByCheck(results: CheckResult[]): CheckResult[] {
  const byCheck = new Map<string, { findings: Finding[]; seen: Set<string> }>();
  for (const r of results) {
    const entry = byCheck.get(r.check) ?? { findings: [], seen: new Set<string>() };
    byCheck.set(r.check, entry);
    for (const f of r.findings) {
      const id = JSON.stringify([f.rule, f.severity, f.file, f.line, f.column, f.endLine, f.endColumn, f.message]);
      if (entry.seen.has(id)) continue;
      entry.seen.add(id);
      entry.findings.push(f);
    }
  }
  return [...byCheck.keys()].sort().map((check) => resultOf(check, byCheck.get(check)!.findings));
}
