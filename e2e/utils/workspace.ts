import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
}

/**
 * A fresh git workspace in a temp folder with nx and the packed `plan` tarball installed from
 * the registry (versions as this repo's lockfile resolves them), the plugin registered in
 * nx.json, the daemon off and a cache directory of its own.
 */
export class Workspace {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly label: string) {
    this.root = mkdtempSync(path.join(tmpdir(), `plan-e2e-${label}-`));
    this.env = {
      ...process.env,
      NX_DAEMON: 'false',
      NX_CACHE_DIRECTORY: path.join(this.root, '.nx-cache'),
      NX_WORKSPACE_DATA_DIRECTORY: path.join(this.root, '.nx-data'),
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      NX_SKIP_NX_CACHE: undefined,
      CI: 'true',
      FORCE_COLOR: '0',
      NODE_OPTIONS: '',
    };
  }

  static create(label: string): Workspace {
    const tarball = process.env.PLAN_TARBALL;
    if (!tarball) throw new Error('PLAN_TARBALL is not set: run the e2e suite through its jest config.');
    const ws = new Workspace(label);
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
    const nxVersion = lock.packages['node_modules/nx'].version;
    ws.write(
      'package.json',
      JSON.stringify({ name: `e2e-${label}`, private: true, devDependencies: { nx: nxVersion, plan: `file:${tarball}` } }, null, 2),
    );
    ws.write('nx.json', JSON.stringify({ plugins: [{ plugin: 'plan' }] }, null, 2));
    ws.write('.gitignore', 'node_modules\n.nx-cache\n.nx-data\n.nx\n');
    ws.sh('git', ['init', '-q', '-b', 'main']);
    ws.sh('git', ['config', 'user.email', 'e2e@example.com']);
    ws.sh('git', ['config', 'user.name', 'e2e']);
    ws.sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
    return ws;
  }

  write(relative: string, content: string): void {
    const file = path.join(this.root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  read(relative: string): string {
    return readFileSync(path.join(this.root, relative), 'utf8');
  }

  /** Runs a command; throws with its output when it fails. */
  sh(command: string, args: string[]): string {
    return execFileSync(command, args, {
      cwd: this.root,
      env: this.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  }

  /** Runs a command and returns its exit code and output, never throwing. */
  run(command: string, args: string[]): RunResult {
    const r = spawnSync(command, args, { cwd: this.root, env: this.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
  }

  nx(...args: string[]): RunResult {
    return this.run(path.join(this.root, 'node_modules', '.bin', 'nx'), args);
  }

  plan(...args: string[]): RunResult {
    return this.run(path.join(this.root, 'node_modules', '.bin', 'plan'), args);
  }

  commit(message: string): void {
    this.sh('git', ['add', '-A']);
    this.sh('git', ['commit', '-q', '-m', message]);
  }
}
