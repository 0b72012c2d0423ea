import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { confinedEnv, runConfined } from './confined';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'plan-confined-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Alive and not a zombie (a killed orphan may wait for a reaper that never comes in containers). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) [ZX]/.test(stat);
}

async function waitFor(predicate: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return predicate();
}

const readPid = (file: string) => Number(readFileSync(file, 'utf8').trim());

/** A shell that starts a background grandchild (which writes its pid), then does `then`. */
const withGrandchild = (pidFile: string, then: string) => `sleep 300 & echo $! > '${pidFile}'; ${then}`;

const SECRETS = {
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'nx-secret',
  NX_CLOUD_ACCESS_TOKEN: 'cloud-secret',
  GITHUB_TOKEN: 'gh-secret',
  NPM_TOKEN: 'npm-secret',
  AWS_ACCESS_KEY_ID: 'aws-id',
  DEPLOY_SECRET: 'deploy',
  SIGNING_KEY: 'key',
  LC_TOKEN: 'odd-but-secret',
};

describe('confinedEnv', () => {
  const from = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/u',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TMPDIR: '/tmp',
    PYTHONPATH: '/somewhere/else',
    NODE_OPTIONS: '--require x',
    NX_DAEMON: 'false',
    ...SECRETS,
  };

  it('keeps what a shell and Python need, plus what the check sets; nothing else', () => {
    expect(confinedEnv({ set: { PYTHONDONTWRITEBYTECODE: '1' } }, from)).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/u',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TMPDIR: '/tmp',
      PYTHONDONTWRITEBYTECODE: '1',
    });
  });

  it('passes a credential or any other variable only when named', () => {
    const env = confinedEnv({ pass: ['GITHUB_TOKEN', 'NX_DAEMON', 'NOT_SET_ANYWHERE'] }, from);
    expect(env.GITHUB_TOKEN).toBe('gh-secret');
    expect(env.NX_DAEMON).toBe('false');
    expect('NOT_SET_ANYWHERE' in env).toBe(false);
    expect(env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).toBeUndefined();
  });
});

describe('runConfined', () => {
  it('the process sees only the confined environment, never a token of ours', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, SECRETS);
    try {
      const run = await runConfined({
        command: process.execPath,
        args: ['-e', 'process.stdout.write(JSON.stringify(process.env))'],
        cwd: dir,
        env: confinedEnv(),
        timeoutMs: 20000,
      });
      const seen = JSON.parse(run.stdout) as Record<string, string>;
      expect(Object.keys(seen).filter((k) => k in SECRETS)).toEqual([]);
      expect(seen.PATH).toBe(process.env.PATH);
    } finally {
      for (const key of Object.keys(SECRETS)) if (!(key in saved)) delete process.env[key];
    }
  });

  it('a background grandchild survives a plain spawn, but not a confined run', async () => {
    // The control: without confinement the grandchild outlives its parent.
    const plainPid = path.join(dir, 'plain.pid');
    await new Promise<void>((resolve) => {
      const child = spawn('sh', ['-c', withGrandchild(plainPid, 'exit 0')], { stdio: 'ignore' });
      child.on('exit', () => resolve());
    });
    const plain = readPid(plainPid);
    try {
      expect(alive(plain)).toBe(true);
    } finally {
      process.kill(plain, 'SIGKILL');
    }

    const confinedPid = path.join(dir, 'confined.pid');
    const run = await runConfined({
      command: withGrandchild(confinedPid, 'echo done'),
      shell: true,
      cwd: dir,
      env: confinedEnv(),
      timeoutMs: 20000,
    });
    expect(run).toMatchObject({ code: 0, timedOut: false, output: 'done\n' });
    const grandchild = readPid(confinedPid);
    expect(await waitFor(() => !alive(grandchild))).toBe(true);
  });

  it('on timeout the process and its grandchild are killed at once', async () => {
    const pidFile = path.join(dir, 'g.pid');
    const started = Date.now();
    const run = await runConfined({
      command: withGrandchild(pidFile, 'sleep 300'),
      shell: true,
      cwd: dir,
      env: confinedEnv(),
      timeoutMs: 700,
    });
    expect(run.timedOut).toBe(true);
    expect(run.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(5000);
    const grandchild = readPid(pidFile);
    expect(await waitFor(() => !alive(grandchild))).toBe(true);
  });

  it('a process that cannot start is reported, not thrown', async () => {
    const run = await runConfined({ command: path.join(dir, 'no-such-program'), cwd: dir, env: confinedEnv(), timeoutMs: 5000 });
    expect(run.spawnError).toMatch(/ENOENT/);
  });
});
