import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** Where a path is ignored: the ignore file, its line and the pattern (git check-ignore -v). */
export interface IgnoreRule {
  source: string;
  line: number;
  pattern: string;
}

/**
 * The git ignore rule that matches `file`, tracked or not (Nx skips every folder .gitignore
 * matches, whether or not git tracks its files). Undefined when none does, or without git.
 */
export function gitIgnoreRule(file: string, cwd: string): IgnoreRule | undefined {
  const run = spawnSync('git', ['check-ignore', '-v', '--no-index', '--', path.relative(cwd, file)], { cwd, encoding: 'utf8' });
  if (run.status !== 0 || typeof run.stdout !== 'string') return undefined; // 1: not ignored; 128: no repository
  const match = /^(.*):(\d+):(.*)\t/.exec(run.stdout);
  return match ? { source: match[1], line: Number(match[2]), pattern: match[3] } : undefined;
}

/**
 * Why nx ran none of a plan's targets when the reason is that Nx has no project of that name
 * (undefined when it has one, or when nx could not list its projects): the plan's folder is
 * ignored by git, or excluded some other way. Costs one `nx show projects`: only asked after a
 * run that recorded nothing, where "no result recorded" on every task would hide the cause.
 */
export function unseenProjectReason(name: string, planFile: string, workspace: { root: string; nx: string }): string | undefined {
  const shown = spawnSync(workspace.nx, ['show', 'projects', '--json'], {
    cwd: workspace.root,
    env: { ...process.env, NX_TUI: 'false' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let projects: unknown;
  try {
    projects = JSON.parse(shown.stdout ?? '');
  } catch {
    return undefined;
  }
  if (!Array.isArray(projects) || projects.includes(name)) return undefined;
  const folder = path.relative(workspace.root, path.dirname(planFile)) || '.';
  const head = `Nx has no project named "${name}" (${path.relative(workspace.root, planFile)}), so none of its targets ran.`;
  const rule = gitIgnoreRule(planFile, workspace.root);
  if (rule) {
    return `${head} ${folder}/ is ignored by git (${rule.source}:${rule.line}: ${rule.pattern}), and Nx skips ignored folders: remove that rule (ignore only generated files inside the plan), or verify without Nx: plan status ${folder} --no-nx`;
  }
  return `${head} Check that nx.json's plugins list this plugin and that .nxignore does not exclude ${folder}/, or verify without Nx: plan status ${folder} --no-nx`;
}
