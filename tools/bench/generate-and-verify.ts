/**
 * Issue 3: what `nx g plan:ml-app` and `nx run-many -t verify` cost over Nx itself, as ratios to
 * baselines measured in the same run, in one temp workspace that installs the packed plugin the
 * way e2e does (npm pack packages/plan/dist, npm install the tarball with the lockfile's nx).
 *
 *   node -r @swc-node/register tools/bench/generate-and-verify.ts [--runs N] [--keep] [--plan-from <dir>] [--no-single]
 *
 * (a) `nx g plan:ml-app gen-<i> --no-interactive` vs `nx g trivial-gen:one triv-<i>`, a one-file
 *     generator from a tiny plugin package written into the workspace's node_modules. Runs are
 *     interleaved, each into a fresh folder that is removed afterwards, so both see the same graph.
 * (b) `nx run-many -t verify -p <plan>` (plan:verify's default batch mode: one process runs the
 *     run's tasks), and the same with `--batch=false` (a forked process per task), vs the same
 *     graph of no-op tasks (`-p noop-mirror`):
 *     a project.json whose targets mirror the plan's task targets — same keys, dependsOn, inputs
 *     (the same files, through {workspaceRoot}/<plan>/...) and outputs — but each task is
 *     `nx:run-commands` writing its declared output file (`printf '{}' > <output>`) instead of
 *     `plan:verify` running checks; `verify` is nx:noop over them in both. That is the honest
 *     no-op: Nx still spawns a process per task, hashes the same inputs and caches / restores the
 *     same outputs; only the checks' own work differs. Cold = a fresh NX_CACHE_DIRECTORY;
 *     cached = the same command again on that cache. The PGlite snapshot (PLAN_CACHE_DIR in the
 *     workspace) and the project graph (NX_WORKSPACE_DATA_DIRECTORY) are warmed by one unmeasured
 *     run first: cold measures what a CI run with an empty task cache pays.
 * --plan-from <dir> measures (b) on a copy of an existing plan folder (e.g. examples/diamond)
 * instead of the generated ml-app plan (to test the harness while the templates change).
 * Env: NX_DAEMON=false, NX_NO_CLOUD=true, NX_TUI=false. Medians of N runs (default 3). Besides wall
 * time, each cold run's CPU time (nx and every process it waited for, from /proc/self/stat) is
 * reported: on a loaded machine wall time measures the load, CPU time still measures the work.
 * --no-single skips the --batch=false runs (a process per task, the slowest part).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildContext } from '../../packages/plan/src/kinds/ml-app/context';
import { writeGlmMojo } from '../../packages/plan/src/testing/glm-mojo';
import { distIsFresh, flag, fmtMs, fmtRatio, intArg, median, REPO_ROOT, round, stringArg, table, tempDir } from './lib';

const RUNS = intArg('runs', 3);
const PLAN = 'churn';
const MIRROR = 'noop-mirror';

interface Run {
  code: number;
  ms: number;
  /** CPU time (user + system) of nx and every process it waited for: what the run cost, whatever the machine's load. */
  cpuMs: number;
  output: string;
}

/** CPU time of this process's waited-for descendants (cutime + cstime of /proc/self/stat), in ms. */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

class BenchWorkspace {
  readonly env: NodeJS.ProcessEnv;
  constructor(readonly root: string) {
    this.env = {
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      NX_CACHE_DIRECTORY: path.join(root, '.nx-cache', 'default'),
      NX_WORKSPACE_DATA_DIRECTORY: path.join(root, '.nx-data'),
      PLAN_CACHE_DIR: path.join(root, '.plan-cache'),
      NX_SKIP_NX_CACHE: undefined,
      CI: 'true',
      FORCE_COLOR: '0',
      NODE_OPTIONS: '',
    };
  }

  write(relative: string, content: string): void {
    const file = path.join(this.root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  sh(command: string, args: string[]): string {
    return execFileSync(command, args, {
      cwd: this.root,
      env: this.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  }

  /** Runs nx and times it from spawn to exit. */
  nx(args: string[], env: NodeJS.ProcessEnv = {}): Run {
    const started = performance.now();
    const cpuBefore = childrenCpuMs();
    const r = spawnSync(path.join(this.root, 'node_modules', '.bin', 'nx'), args, {
      cwd: this.root,
      env: { ...this.env, ...env },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - started;
    return { code: r.status ?? -1, ms, cpuMs: childrenCpuMs() - cpuBefore, output: `${r.stdout}\n${r.stderr}` };
  }

  commit(message: string): void {
    this.sh('git', ['add', '-A']);
    this.sh('git', ['commit', '-q', '--allow-empty', '-m', message]);
  }
}

function tail(text: string, lines = 25): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function ensureBuilt(): void {
  if (distIsFresh()) {
    console.log('packages/plan/dist is current');
    return;
  }
  console.log('building packages/plan/dist (node tools/build.js) ...');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'tools', 'build.js')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

function pack(): string {
  const out = tempDir('bench-gv-pack-');
  const name = execFileSync('npm', ['pack', path.join(REPO_ROOT, 'packages', 'plan', 'dist'), '--pack-destination', out, '--silent'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  return path.join(out, name);
}

function createWorkspace(tarball: string): BenchWorkspace {
  const ws = new BenchWorkspace(tempDir('bench-gv-ws-'));
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
  const nxVersion = lock.packages['node_modules/nx'].version;
  ws.write(
    'package.json',
    JSON.stringify({ name: 'bench-gv', private: true, devDependencies: { nx: nxVersion, plan: `file:${tarball}` } }, null, 2),
  );
  ws.write('nx.json', JSON.stringify({ plugins: [{ plugin: 'plan' }] }, null, 2));
  ws.write('.gitignore', 'node_modules\n.nx-cache\n.nx-data\n.nx\n.plan-cache\n');
  ws.sh('git', ['init', '-q', '-b', 'main']);
  ws.sh('git', ['config', 'user.email', 'bench@example.com']);
  ws.sh('git', ['config', 'user.name', 'bench']);
  const started = performance.now();
  ws.sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
  console.log(`workspace ${ws.root}: nx ${nxVersion} + packed plan installed in ${fmtMs(performance.now() - started)} ms`);
  writeTrivialPlugin(ws);
  ws.commit('init');
  return ws;
}

/** A one-file generator: the least an `nx g` can do once Nx has started and built the graph. */
function writeTrivialPlugin(ws: BenchWorkspace): void {
  const dir = 'node_modules/trivial-gen';
  ws.write(
    `${dir}/package.json`,
    JSON.stringify({ name: 'trivial-gen', version: '1.0.0', main: 'index.js', generators: './generators.json' }, null, 2),
  );
  ws.write(`${dir}/index.js`, 'module.exports = {};\n');
  ws.write(
    `${dir}/generators.json`,
    JSON.stringify({ generators: { one: { factory: './one.js', schema: './schema.json', description: 'Writes one file' } } }, null, 2),
  );
  ws.write(
    `${dir}/schema.json`,
    JSON.stringify(
      {
        $schema: 'https://json-schema.org/schema',
        type: 'object',
        properties: { name: { type: 'string', $default: { $source: 'argv', index: 0 } } },
        required: ['name'],
      },
      null,
      2,
    ),
  );
  ws.write(
    `${dir}/one.js`,
    "'use strict';\nfunction one(tree, options) {\n  tree.write(`${options.name}/hello.txt`, 'hello\\n');\n}\nmodule.exports = one;\nmodule.exports.default = one;\n",
  );
}

// ---------------------------------------------------------------------------------------------

interface GenerateFigures {
  planMs: number[];
  trivialMs: number[];
  error?: string;
}

function measureGenerate(ws: BenchWorkspace): GenerateFigures {
  const nxJson = readFileSync(path.join(ws.root, 'nx.json'), 'utf8');
  const figures: GenerateFigures = { planMs: [], trivialMs: [] };
  // One unmeasured run of each: the project graph and the plugins' modules are warm after it,
  // as they are for a developer who runs nx commands in this workspace.
  for (let i = 0; i <= RUNS; i++) {
    const planName = `gen-${i}`;
    // Once the plan generator failed, only the trivial generator is measured.
    const plan = figures.error ? undefined : ws.nx(['g', 'plan:ml-app', planName, '--no-interactive']);
    rmSync(path.join(ws.root, planName), { recursive: true, force: true });
    writeFileSync(path.join(ws.root, 'nx.json'), nxJson);
    if (plan && plan.code !== 0) figures.error = `nx g plan:ml-app failed (exit ${plan.code}):\n${tail(plan.output)}`;
    const trivialName = `triv-${i}`;
    const trivial = ws.nx(['g', 'trivial-gen:one', trivialName, '--no-interactive']);
    if (trivial.code !== 0 || !existsSync(path.join(ws.root, trivialName, 'hello.txt'))) {
      throw new Error(`the trivial generator failed (exit ${trivial.code}):\n${tail(trivial.output)}`);
    }
    rmSync(path.join(ws.root, trivialName), { recursive: true, force: true });
    if (i > 0) {
      if (plan && !figures.error) figures.planMs.push(plan.ms);
      figures.trivialMs.push(trivial.ms);
    }
    process.stderr.write(
      `  nx g run ${i}${i === 0 ? ' (warm-up)' : ''}: plan:ml-app ${plan && !figures.error ? fmtMs(plan.ms) : '-'} ms, trivial ${fmtMs(trivial.ms)} ms\n`,
    );
  }
  return figures;
}

/** The plan with a valid GLM MOJO at its model path, so every task passes. */
function generatePlan(ws: BenchWorkspace): string | undefined {
  const gen = ws.nx(['g', 'plan:ml-app', PLAN, '--no-interactive']);
  if (gen.code !== 0) return `nx g plan:ml-app ${PLAN} failed (exit ${gen.code}):\n${tail(gen.output)}`;
  const ctx = buildContext({ name: PLAN });
  writeGlmMojo(path.join(ws.root, PLAN, ctx.paths.model), {
    numericFeatures: ctx.features.filter((f) => f.kind === 'numeric').map((f) => f.name),
    categoricalFeatures: ctx.features.filter((f) => f.kind === 'categorical').map((f) => ({ name: f.name, levels: f.levels! })),
    response: ctx.target.name,
    responseDomain: [...ctx.target.levels],
  });
  ws.sh('git', ['add', '-f', path.join(PLAN, ctx.paths.model)]);
  ws.commit(`generate ${PLAN}`);
  return undefined;
}

/** Copies an existing plan folder (without its .plan results) into the workspace; returns its name. */
function copyPlan(ws: BenchWorkspace, from: string): string {
  const source = path.resolve(REPO_ROOT, from);
  const name = (parse(readFileSync(path.join(source, 'plan.yaml'), 'utf8')) as { name: string }).name;
  cpSync(source, path.join(ws.root, name), { recursive: true, filter: (file) => path.basename(file) !== '.plan' });
  ws.commit(`copy ${from}`);
  return name;
}

interface TargetConfig {
  executor?: string;
  dependsOn?: unknown[];
  inputs?: unknown[];
  outputs?: string[];
  cache?: boolean;
}

/**
 * The mirror project: the plan's verify graph with each checking task replaced by a shell command
 * that writes its declared output. Returns the task keys.
 */
function writeMirror(ws: BenchWorkspace, PLAN: string): { tasks: string[] } {
  const shown = ws.nx(['show', 'project', PLAN, '--json']);
  if (shown.code !== 0) throw new Error(`nx show project ${PLAN} failed:\n${tail(shown.output)}`);
  const project = JSON.parse(shown.output.slice(shown.output.indexOf('{'), shown.output.lastIndexOf('}') + 1)) as {
    root: string;
    targets: Record<string, TargetConfig>;
  };
  const rewrite = (value: unknown): unknown =>
    typeof value === 'string' ? value.split('{projectRoot}').join(`{workspaceRoot}/${project.root}`) : value;
  const verify = project.targets.verify;
  if (!verify) throw new Error(`project ${PLAN} has no verify target`);
  const tasks = (verify.dependsOn ?? []).map((d) => (typeof d === 'string' ? d : (d as { target: string }).target));
  const targets: Record<string, unknown> = {};
  for (const key of tasks) {
    const t = project.targets[key];
    if (t.executor !== 'plan:verify') throw new Error(`target ${key} runs ${t.executor}, expected plan:verify`);
    const outputs = (t.outputs ?? []).map((o) => o.replace('{projectRoot}/', ''));
    const command = outputs.length ? outputs.map((o) => `mkdir -p ${path.posix.dirname(o)} && printf '{}' > ${o}`).join(' && ') : 'true';
    targets[key] = {
      executor: 'nx:run-commands',
      options: { command, cwd: MIRROR },
      dependsOn: t.dependsOn ?? [],
      inputs: (t.inputs ?? []).map(rewrite),
      outputs: t.outputs ?? [],
      cache: true,
    };
  }
  targets.verify = { executor: 'nx:noop', dependsOn: verify.dependsOn, inputs: (verify.inputs ?? []).map(rewrite), cache: true };
  ws.write(`${MIRROR}/project.json`, JSON.stringify({ name: MIRROR, root: MIRROR, targets }, null, 2) + '\n');
  ws.write(`${MIRROR}/.gitignore`, '.plan/\n');
  ws.commit('no-op mirror');
  return { tasks };
}

interface VerifyFigures {
  planName: string;
  tasks: string[];
  /** The default: plan:verify's batch implementation, one process for the run's tasks. */
  plan: { cold: number[]; cached: number[]; coldCpu: number[] };
  /** `--batch=false`: one forked process per task, as before batch mode (not measured with --no-single). */
  single: { cold: number[]; cached: number[]; coldCpu: number[] };
  mirror: { cold: number[]; cached: number[]; coldCpu: number[] };
}

function cachedCount(output: string): { hits: number; total: number } | undefined {
  const m = /from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(output);
  return m ? { hits: Number(m[1]), total: Number(m[2]) } : undefined;
}

function measureVerify(ws: BenchWorkspace, PLAN: string): VerifyFigures {
  const { tasks } = writeMirror(ws, PLAN);
  const figures: VerifyFigures = {
    planName: PLAN,
    tasks,
    plan: { cold: [], cached: [], coldCpu: [] },
    single: { cold: [], cached: [], coldCpu: [] },
    mirror: { cold: [], cached: [], coldCpu: [] },
  };
  let cacheIndex = 0;
  const runPair = (project: string, measured: boolean, flags: string[] = []): { cold: Run; cached: Run } => {
    const env = { NX_CACHE_DIRECTORY: path.join(ws.root, '.nx-cache', `run-${cacheIndex++}`) };
    const args = ['run-many', '-t', 'verify', '-p', project, '--outputStyle=static', ...flags];
    const label = [project, ...flags].join(' ');
    const cold = ws.nx(args, env);
    if (cold.code !== 0)
      throw new Error(`nx run-many -t verify -p ${label} failed (exit ${cold.code}); every task must pass:\n${tail(cold.output, 40)}`);
    if (cachedCount(cold.output)?.hits) throw new Error(`the cold run of ${label} read from the cache:\n${tail(cold.output)}`);
    const cached = ws.nx(args, env);
    const hits = cachedCount(cached.output);
    if (cached.code !== 0 || !hits || hits.hits !== hits.total)
      throw new Error(`the second run of ${label} was not fully cached (exit ${cached.code}):\n${tail(cached.output)}`);
    rmSync(env.NX_CACHE_DIRECTORY, { recursive: true, force: true });
    if (measured)
      process.stderr.write(
        `  verify ${label}: cold ${fmtMs(cold.ms)} ms (CPU ${fmtMs(cold.cpuMs)} ms), cached ${fmtMs(cached.ms)} ms (${hits.hits}/${hits.total} from cache)\n`,
      );
    return { cold, cached };
  };
  // Warm-up: PGlite snapshot, project graph, OS file cache.
  runPair(PLAN, false);
  runPair(MIRROR, false);
  for (let i = 0; i < RUNS; i++) {
    const p = runPair(PLAN, true);
    figures.plan.cold.push(p.cold.ms);
    figures.plan.cached.push(p.cached.ms);
    figures.plan.coldCpu.push(p.cold.cpuMs);
    if (!flag('no-single')) {
      const s = runPair(PLAN, true, ['--batch=false']);
      figures.single.cold.push(s.cold.ms);
      figures.single.cached.push(s.cached.ms);
      figures.single.coldCpu.push(s.cold.cpuMs);
    }
    const m = runPair(MIRROR, true);
    figures.mirror.cold.push(m.cold.ms);
    figures.mirror.cached.push(m.cached.ms);
    figures.mirror.coldCpu.push(m.cold.cpuMs);
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const started = performance.now();
  ensureBuilt();
  const tarball = pack();
  const ws = createWorkspace(tarball);
  if (flag('keep')) process.removeAllListeners('exit');

  console.log(`\n(a) nx g, median of ${RUNS} (after one warm-up each), daemon off`);
  const gen = measureGenerate(ws);
  let genRows: string[][] = [];
  if (gen.error) {
    console.log(`  plan:ml-app not measured: ${gen.error}`);
    console.log(`  nx g trivial-gen:one (1 file): median ${fmtMs(median(gen.trivialMs))} ms (${gen.trivialMs.map(fmtMs).join(' / ')})`);
  } else {
    const plan = median(gen.planMs);
    const trivial = median(gen.trivialMs);
    genRows = [
      ['command', 'median ms', 'runs ms', 'ratio'],
      ['nx g trivial-gen:one (1 file)', fmtMs(trivial), gen.trivialMs.map(fmtMs).join(' / '), '1.00x'],
      ['nx g plan:ml-app', fmtMs(plan), gen.planMs.map(fmtMs).join(' / '), fmtRatio(plan / trivial)],
    ];
    console.log(table(genRows));
  }

  let verify: VerifyFigures | undefined;
  let verifyError: string | undefined;
  const planFrom = stringArg('plan-from');
  const planName = planFrom ? copyPlan(ws, planFrom) : PLAN;
  const genError = planFrom
    ? undefined
    : gen.error
      ? 'skipped: the generator failed (--plan-from examples/diamond tests this part)'
      : generatePlan(ws);
  if (genError) {
    verifyError = genError;
  } else {
    console.log(
      `\n(b) nx run-many -t verify -p ${planName}${planFrom ? ` (copied from ${planFrom})` : ''}, median of ${RUNS}; cold = fresh NX_CACHE_DIRECTORY, cached = same command again`,
    );
    try {
      verify = measureVerify(ws, planName);
    } catch (error) {
      verifyError = (error as Error).message;
    }
  }
  if (verify) {
    const pc = median(verify.plan.cold);
    const pk = median(verify.plan.cached);
    const single = verify.single.cold.length > 0;
    const sc = single ? median(verify.single.cold) : NaN;
    const sk = single ? median(verify.single.cached) : NaN;
    const mc = median(verify.mirror.cold);
    const mk = median(verify.mirror.cached);
    const pu = median(verify.plan.coldCpu);
    const su = single ? median(verify.single.coldCpu) : NaN;
    const mu = median(verify.mirror.coldCpu);
    const rows = [
      ['graph', 'cold ms', 'cached ms', 'cold/cached', 'cold CPU ms'],
      [`${MIRROR} (${verify.tasks.length} nx:run-commands tasks)`, fmtMs(mc), fmtMs(mk), fmtRatio(mc / mk), fmtMs(mu)],
      [
        `${verify.planName} (${verify.tasks.length} plan:verify tasks, one batch process)`,
        fmtMs(pc),
        fmtMs(pk),
        fmtRatio(pc / pk),
        fmtMs(pu),
      ],
      ...(single ? [[`${verify.planName} --batch=false (a process per task)`, fmtMs(sc), fmtMs(sk), fmtRatio(sc / sk), fmtMs(su)]] : []),
      ['ratio plan / no-op', fmtRatio(pc / mc), fmtRatio(pk / mk), '', fmtRatio(pu / mu)],
      ['plan - no-op (ms)', fmtMs(pc - mc), fmtMs(pk - mk), '', fmtMs(pu - mu)],
      ...(single ? [['ratio --batch=false / no-op', fmtRatio(sc / mc), fmtRatio(sk / mk), '', fmtRatio(su / mu)]] : []),
    ];
    console.log(table(rows));
    console.log(`tasks: ${verify.tasks.join(', ')}`);
    console.log(
      `runs ms: plan cold ${verify.plan.cold.map(fmtMs).join('/')}, cached ${verify.plan.cached.map(fmtMs).join('/')}; --batch=false cold ${verify.single.cold.map(fmtMs).join('/') || '-'}, cached ${verify.single.cached.map(fmtMs).join('/') || '-'}; no-op cold ${verify.mirror.cold.map(fmtMs).join('/')}, cached ${verify.mirror.cached.map(fmtMs).join('/')}`,
    );
  } else {
    console.log(`\n(b) not measured: ${verifyError}`);
  }
  if (flag('keep')) console.log(`\nworkspace kept: ${ws.root}`);
  console.log(`\ntotal ${fmtMs((performance.now() - started) / 1000)} s`);

  const med = (v: number[]) => round(median(v), 0);
  console.log(
    JSON.stringify({
      bench: 'generate-and-verify',
      node: process.version,
      runs: RUNS,
      generate: gen.error
        ? {
            error:
              gen.error
                .split('\n')
                .find((l) => /NX\s+\S/.test(l) && !/Generating/.test(l))
                ?.trim() ?? gen.error.split('\n')[0],
            trivialMs: med(gen.trivialMs),
          }
        : { planMs: med(gen.planMs), trivialMs: med(gen.trivialMs), ratio: round(median(gen.planMs) / median(gen.trivialMs), 2) },
      verify: verify
        ? {
            plan: verify.planName + (planFrom ? ` (from ${planFrom})` : ''),
            tasks: verify.tasks.length,
            baseline: 'nx:run-commands writing each task output (same graph, inputs, outputs)',
            planColdMs: med(verify.plan.cold),
            planCachedMs: med(verify.plan.cached),
            singleColdMs: med(verify.single.cold),
            singleCachedMs: med(verify.single.cached),
            noopColdMs: med(verify.mirror.cold),
            noopCachedMs: med(verify.mirror.cached),
            coldRatio: round(median(verify.plan.cold) / median(verify.mirror.cold), 2),
            coldOverNoopMs: med(verify.plan.cold) - med(verify.mirror.cold),
            singleColdRatio: round(median(verify.single.cold) / median(verify.mirror.cold), 2),
            cachedRatio: round(median(verify.plan.cached) / median(verify.mirror.cached), 2),
          }
        : { error: verifyError?.split('\n')[0] },
    }),
  );
  if (gen.error || !verify) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
