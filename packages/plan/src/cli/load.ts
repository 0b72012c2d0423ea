import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostics } from '../model/diagnostics';
import { PLAN_YAML_MAX_BYTES, readSourceFile } from '../model/source-text';
import { loadCheckedPlanFile } from '../checks/check-options';
import { Plan } from '../model/plan-schema';
import { CliIO, UsageError } from './io';

/**
 * Resolves `<plan>`: a plan.yaml path, a folder holding one, or a plan's name (= its Nx project
 * name) below the current folder or, failing that, anywhere in the Nx workspace.
 */
export function resolvePlanPath(given: string | undefined, io: CliIO, command: string): string {
  if (!given) throw new UsageError(`plan ${command} needs a plan.yaml path.\nRun "plan ${command} --help" for usage.`);
  const absolute = path.resolve(io.cwd, given);
  const file = existsSync(absolute) && statSync(absolute).isDirectory() ? path.join(absolute, 'plan.yaml') : absolute;
  if (existsSync(file)) return file;
  // A plan's name is its Nx project name: looked up below the current folder, then from the workspace root.
  const byName = /^[a-z][a-z0-9-]*$/.test(given);
  let named = byName ? plansNamed(io.cwd, given) : [];
  const workspace = byName && named.length === 0 ? workspaceRootOf(io.cwd) : undefined;
  if (workspace && workspace !== io.cwd) named = plansNamed(workspace, given);
  if (named.length === 1) return named[0];
  if (named.length > 1)
    throw new UsageError(
      `Several plans are named "${given}": ${named.map((f) => path.relative(io.cwd, f)).join(', ')}. Pass the plan.yaml path.`,
    );
  throw new UsageError(`No plan at ${path.relative(io.cwd, file) || file}: pass a plan.yaml, the folder that holds one, or a plan's name.`);
}

/** The nearest folder at or above `dir` with nx.json. */
function workspaceRootOf(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, 'nx.json'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** plan.yaml files below `root` (not in node_modules or hidden folders) whose top-level `name:` is `name`. */
function plansNamed(root: string, name: string, depth = 6): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isFile() && entry.name === 'plan.yaml') {
      // Capped and strict like every plan read: an oversized or non-UTF-8 plan.yaml is not searched.
      const text = readSourceFile(full, full, PLAN_YAML_MAX_BYTES).text;
      if (text !== undefined && new RegExp(`^name:[ \\t]*['"]?${name}['"]?[ \\t]*(#.*)?$`, 'm').test(text)) found.push(full);
    } else if (entry.isDirectory() && depth > 0 && !entry.name.startsWith('.') && entry.name !== 'node_modules' && entry.name !== 'dist') {
      found.push(...plansNamed(full, name, depth - 1));
    }
  }
  return found;
}

/** Loads a plan, printing its diagnostics; undefined when it has errors. */
export function loadOrReport(file: string, io: CliIO): Plan | undefined {
  const display = path.relative(io.cwd, file) || file;
  const { plan, diagnostics } = loadCheckedPlanFile(file, display);
  if (!plan) io.err(`${formatDiagnostics(diagnostics)}\n${display}: ${diagnostics.length} error(s)\n`);
  return plan;
}
