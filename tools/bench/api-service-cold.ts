/**
 * Issue 13: the cold run of an API service plan, as ratios to baselines measured in the same run,
 * in one temp workspace that installs the packed plugin the way e2e does.
 *
 *   node -r @swc-node/register tools/bench/api-service-cold.ts [--dist <built package dir>]
 *
 * (a) `nx g plan:api-service payments --resources=payments,refunds` (writes the files and installs
 *     the service's packages: Fastify, PGlite, Prism, Pact, ...) vs `npm install` of the same
 *     packages alone (a second, empty workspace folder): what generation adds to the install.
 * (b) `nx run-many -t verify` with an empty task cache and only a loopback interface (as the
 *     acceptance runs it: every check runs: validate-openapi, contract-test against Prism and the
 *     running service, the service's test files, the SDK against both, docs, compose, gateway,
 *     realm, promtool, Dockerfile, workflow, load and Pact tests) vs two baselines of the same run:
 *     - the same task graph (same target names and dependsOn) of no-op commands (`node -e 0`):
 *       what Nx itself costs for this graph, so the ratio is what the checks add;
 *     - the service's own test suite alone (`node --import tsx --test api/test/*.test.ts`), the
 *       largest single piece of the work, run bare.
 *     The cold run exits non-zero by design: the plan-level verify gate waits for the attestation
 *     of the items no machine proves (production, backups, publishing); the status line says so.
 * (c) the same `nx run-many -t verify` again on that cache (every task restored).
 * Env: NX_DAEMON=false, NX_NO_CLOUD=true, NX_TUI=false. One run each: the cold run is minutes long.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { distIsFresh, fmtMs, fmtRatio, REPO_ROOT, stringArg, table, tempDir } from './lib';
import { apiServicePackages } from '../../packages/plan/src/kinds/api-service/files';

interface Timed {
  code: number;
  ms: number;
  output: string;
}

function env(root: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_CACHE_DIRECTORY: path.join(root, '.nx-cache'),
    NX_WORKSPACE_DATA_DIRECTORY: path.join(root, '.nx-data'),
    CI: 'true',
    FORCE_COLOR: '0',
    NODE_OPTIONS: '',
  };
}

function timed(cwd: string, command: string, args: string[]): Timed {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd, env: env(cwd), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, ms: performance.now() - started, output: `${r.stdout}\n${r.stderr}` };
}

/** Wraps a shell command so it runs with only a loopback interface, when this machine allows it. */
let isolate: boolean | undefined;
function canIsolate(): boolean {
  isolate ??= spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
  return isolate;
}
function offline(command: string): string {
  return canIsolate() ? `unshare --net sh -c ${shellQuote(`ip link set lo up && ${command}`)}` : command;
}
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A project with the plan's verify graph (same target names, same dependsOn) whose every task is
 * `node -e 0`: Nx's own cost for this graph, process start-up included.
 */
function writeNoopGraph(root: string, nx: string): void {
  const shown = JSON.parse(execFileSync(nx, ['show', 'project', 'payments', '--json'], { cwd: root, env: env(root), encoding: 'utf8' }));
  const targets: Record<string, unknown> = {};
  for (const [name, target] of Object.entries(shown.targets as Record<string, { dependsOn?: unknown[] }>)) {
    targets[name] = { executor: 'nx:run-commands', options: { command: 'node -e 0' }, dependsOn: target.dependsOn ?? [], cache: true };
  }
  mkdirSync(path.join(root, 'noop-graph'), { recursive: true });
  writeFileSync(
    path.join(root, 'noop-graph', 'project.json'),
    JSON.stringify({ name: 'noop-graph', root: 'noop-graph', targets }, null, 2),
  );
}

function main(): void {
  const dist = stringArg('dist') ?? path.join(REPO_ROOT, 'packages', 'plan', 'dist');
  if (!stringArg('dist') && !distIsFresh()) {
    console.log('building packages/plan/dist (node tools/build.js) ...');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'tools', 'build.js')], { stdio: 'inherit' });
  }
  const out = tempDir('bench-api-pack-');
  const tarball = path.join(
    out,
    execFileSync('npm', ['pack', dist, '--pack-destination', out, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!,
  );
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
  const nxVersion = lock.packages['node_modules/nx'].version;

  const root = tempDir('bench-api-');
  const write = (dir: string, file: string, content: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  write(
    root,
    'package.json',
    JSON.stringify({ name: 'bench-api', private: true, devDependencies: { nx: nxVersion, plan: `file:${tarball}` } }, null, 2),
  );
  write(root, 'nx.json', JSON.stringify({ plugins: [{ plugin: 'plan' }] }, null, 2));
  write(root, '.gitignore', 'node_modules\n.nx-cache\n.nx-data\n.nx\n');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  const base = timed(root, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
  if (base.code !== 0) throw new Error(`npm install failed:\n${base.output}`);

  // (a) baseline: the generated code's packages installed alone, in a workspace of their own.
  const pkgs = apiServicePackages();
  const bare = tempDir('bench-api-bare-');
  write(bare, 'package.json', JSON.stringify({ name: 'bench-api-bare', private: true, ...pkgs }, null, 2));
  const installOnly = timed(bare, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
  const nx = path.join(root, 'node_modules', '.bin', 'nx');
  const generate = timed(root, nx, ['g', 'plan:api-service', 'payments', '--resources=payments,refunds', '--no-interactive']);
  if (generate.code !== 0) throw new Error(`generator failed:\n${generate.output}`);

  // (b) the no-op graph and the service suite alone, then the cold verify, then (c) the cached verify.
  writeNoopGraph(root, nx);
  const noop = timed(root, 'sh', ['-c', offline(`${nx} run-many -t verify -p noop-graph --skip-nx-cache`)]);
  if (noop.code !== 0) throw new Error(`the no-op graph failed:\n${noop.output}`);
  const suite = timed(path.join(root, 'payments'), 'sh', ['-c', offline('node --import tsx --test api/test/*.test.ts')]);
  const cold = timed(root, 'sh', ['-c', offline(`${nx} run-many -t verify -p payments`)]);
  const cached = timed(root, 'sh', ['-c', offline(`${nx} run-many -t verify -p payments`)]);
  const status = timed(root, path.join(root, 'node_modules', '.bin', 'plan'), ['status', 'payments']);

  console.log(
    table([
      ['measure', 'ms', 'baseline', 'baseline ms', 'ratio'],
      [
        'nx g plan:api-service (+ install)',
        fmtMs(generate.ms),
        'npm install of its packages alone',
        fmtMs(installOnly.ms),
        fmtRatio(generate.ms / installOnly.ms),
      ],
      ['nx run-many -t verify, cold', fmtMs(cold.ms), 'same graph of no-op tasks', fmtMs(noop.ms), fmtRatio(cold.ms / noop.ms)],
      ['nx run-many -t verify, cold', fmtMs(cold.ms), 'the service test suite alone', fmtMs(suite.ms), fmtRatio(cold.ms / suite.ms)],
      ['nx run-many -t verify, cached', fmtMs(cached.ms), 'the cold verify', fmtMs(cold.ms), fmtRatio(cached.ms / cold.ms)],
    ]),
  );
  console.log(
    `exit codes: generate ${generate.code}, suite ${suite.code}, cold verify ${cold.code}, cached verify ${cached.code}` +
      ` (verify exits 1 until the unprovable items are attested)`,
  );
  console.log(`network: ${canIsolate() ? 'loopback only (unshare --net)' : 'not isolated (unshare --net unavailable)'}`);
  // What the cold run proved (plan status' count lines, on stdout; its progress line is on stderr):
  // a figure only stands for the whole plan when nothing failed or was blocked.
  const counts = status.output.split('\n').filter((l) => /^(\d+ verified, |items: )/.test(l));
  console.log(counts.length ? counts.join('\n') : `plan status printed no counts:\n${status.output.trim()}`);
}

main();
