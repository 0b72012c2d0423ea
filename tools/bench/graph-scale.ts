/**
 * Issue 12: what building the project graph costs for large plans, as ratios to the same number
 * of trivial targets written in project.json files (measured in the same run, same workspace).
 *
 *   node -r @swc-node/register tools/bench/graph-scale.ts [--runs N] [--tasks N] [--plans N] [--plan-tasks N] [--dist <dir>]
 *
 * Scenarios (each alone in the workspace while it is measured):
 * - chain: one plan.yaml of --tasks (default 2,000) tasks, each depending on the one before;
 * - flat:  the same tasks without dependencies;
 * - many:  --plans (default 100) plan.yaml files of --plan-tasks (default 20) chained tasks.
 * Baseline of each: project.json files with the same projects, target names, dependsOn and a file
 * input per target (nx:noop), no plugin involved. Every task has a file and a files-exist check.
 * Measured: `nx show projects` with NX_DAEMON=false and an empty NX_WORKSPACE_DATA_DIRECTORY per
 * run (cold: no cached graph or plugin results). Medians of --runs (default 3). Goal: within 3x.
 * After each run the bench looks for plugin workers of the workspace still alive (issue 12 saw
 * one left spinning) and reports them.
 * --dist measures another build of the plugin (default packages/plan/dist, built when stale).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { distIsFresh, fmtMs, fmtRatio, intArg, median, REPO_ROOT, stringArg, table, tempDir } from './lib';

const RUNS = intArg('runs', 3);
const TASKS = intArg('tasks', 2000);
const PLANS = intArg('plans', 100);
const PLAN_TASKS = intArg('plan-tasks', 20);

interface Scenario {
  name: string;
  /** Projects: name → task keys with their dependencies. */
  projects: { name: string; tasks: { key: string; deps: string[] }[] }[];
}

function chainTasks(count: number, chained: boolean): { key: string; deps: string[] }[] {
  return Array.from({ length: count }, (_, i) => ({ key: `t${i}`, deps: chained && i > 0 ? [`t${i - 1}`] : [] }));
}

const SCENARIOS: Scenario[] = [
  { name: `chain of ${TASKS}`, projects: [{ name: 'big', tasks: chainTasks(TASKS, true) }] },
  { name: `flat ${TASKS}`, projects: [{ name: 'big', tasks: chainTasks(TASKS, false) }] },
  {
    name: `${PLANS} plans x ${PLAN_TASKS}`,
    projects: Array.from({ length: PLANS }, (_, p) => ({ name: `plan-${p}`, tasks: chainTasks(PLAN_TASKS, true) })),
  },
];

function planYaml(name: string, tasks: { key: string; deps: string[] }[]): string {
  return stringify({
    version: 1,
    name,
    kind: 'custom',
    title: name,
    phases: [
      {
        id: '1',
        title: 'All',
        tasks: tasks.map((t, i) => ({
          id: `1.${i + 1}`,
          key: t.key,
          title: `Task ${t.key}`,
          dependsOn: t.deps,
          files: [{ path: `src/${t.key}.txt`, action: 'create' }],
          checks: [{ uses: 'files-exist', with: { paths: [`src/${t.key}.txt`] } }],
        })),
      },
    ],
  });
}

function projectJson(name: string, tasks: { key: string; deps: string[] }[]): string {
  const targets = Object.fromEntries(
    tasks.map((t) => [t.key, { executor: 'nx:noop', dependsOn: t.deps, inputs: [`{projectRoot}/src/${t.key}.txt`], cache: true }]),
  );
  return JSON.stringify({ name, root: `base/${name}`, targets });
}

class BenchWorkspace {
  readonly root = tempDir('bench-graph-');
  readonly env: NodeJS.ProcessEnv = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_CACHE_DIRECTORY: path.join(this.root, '.nx-cache'),
    CI: 'true',
    FORCE_COLOR: '0',
    NODE_OPTIONS: '',
  };

  write(relative: string, content: string): void {
    const file = path.join(this.root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  sh(command: string, args: string[]): string {
    return execFileSync(command, args, { cwd: this.root, env: this.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** `nx show projects` on an empty workspace-data folder: ms, and the number of projects listed. */
  showProjects(): { ms: number; projects: number } {
    const data = path.join(this.root, '.nx-data');
    rmSync(data, { recursive: true, force: true });
    const started = performance.now();
    const r = spawnSync(path.join(this.root, 'node_modules', '.bin', 'nx'), ['show', 'projects'], {
      cwd: this.root,
      env: { ...this.env, NX_WORKSPACE_DATA_DIRECTORY: data },
      encoding: 'utf8',
      timeout: 600_000,
    });
    const ms = performance.now() - started;
    if (r.status !== 0) throw new Error(`nx show projects failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    return { ms, projects: r.stdout.split('\n').filter(Boolean).length };
  }

  /** Processes still running from this workspace (a plugin worker left behind). */
  leftovers(): string[] {
    const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout ?? '';
    return ps.split('\n').filter((line) => line.includes(this.root) && !line.includes(' ps '));
  }
}

function tarball(): string {
  const given = stringArg('dist');
  const dist = given ? path.resolve(given) : path.join(REPO_ROOT, 'packages', 'plan', 'dist');
  if (!given && !distIsFresh()) {
    console.log('building packages/plan/dist (node tools/build.js) ...');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'tools', 'build.js')], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const out = tempDir('bench-graph-pack-');
  const name = execFileSync('npm', ['pack', dist, '--pack-destination', out, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!;
  return path.join(out, name);
}

function main(): void {
  const ws = new BenchWorkspace();
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
  ws.write(
    'package.json',
    JSON.stringify({
      name: 'bench-graph',
      private: true,
      devDependencies: { nx: lock.packages['node_modules/nx'].version, plan: `file:${tarball()}` },
    }),
  );
  ws.write('nx.json', JSON.stringify({ plugins: [{ plugin: 'plan' }] }));
  ws.write('.gitignore', 'node_modules\n.nx-cache\n.nx-data\n.nx\n');
  ws.sh('git', ['init', '-q']);
  ws.sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
  console.log(`workspace ${ws.root}; nx show projects, NX_DAEMON=false, cold graph, median of ${RUNS}`);

  const rows = [['scenario', 'tasks', 'project.json ms', 'plan.yaml ms', 'ratio', 'leftover processes']];
  let worst = 0;
  for (const scenario of SCENARIOS) {
    const tasks = scenario.projects.reduce((n, p) => n + p.tasks.length, 0);
    // Both forms exist side by side only in name: each is written, measured and removed alone.
    const measure = (write: () => void, folder: string): { ms: number; leftovers: number } => {
      write();
      const times: number[] = [];
      let leftovers = 0;
      for (let run = 0; run < RUNS; run++) {
        const { ms, projects } = ws.showProjects();
        if (projects !== scenario.projects.length)
          throw new Error(`${scenario.name}: expected ${scenario.projects.length} projects, nx listed ${projects}`);
        times.push(ms);
        leftovers = Math.max(leftovers, ws.leftovers().length);
      }
      rmSync(path.join(ws.root, folder), { recursive: true, force: true });
      return { ms: median(times), leftovers };
    };
    const base = measure(
      () => scenario.projects.forEach((p) => ws.write(`base/${p.name}/project.json`, projectJson(p.name, p.tasks))),
      'base',
    );
    const plan = measure(
      () =>
        scenario.projects.forEach((p) => {
          ws.write(`plans/${p.name}/plan.yaml`, planYaml(p.name, p.tasks));
          for (const t of p.tasks) ws.write(`plans/${p.name}/src/${t.key}.txt`, `${t.key}\n`);
        }),
      'plans',
    );
    const ratio = plan.ms / base.ms;
    worst = Math.max(worst, ratio);
    rows.push([scenario.name, String(tasks), fmtMs(base.ms), fmtMs(plan.ms), fmtRatio(ratio), String(base.leftovers + plan.leftovers)]);
    console.log(`${scenario.name}: done`);
  }
  console.log(`\n${table(rows)}\n\nworst ratio ${fmtRatio(worst)} (goal: within 3x)`);
}

main();
