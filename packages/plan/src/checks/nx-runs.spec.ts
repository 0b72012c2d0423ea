import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { alive, ancestorPids, noteNxRun, RUNNING_DIR, runningNx } from './nx-runs';
import { procStatFields } from './process/proc-stat';

describe('notes of the nx processes running a plan', () => {
  let planDir: string;
  const saved = process.env.NX_CLI_SET;
  beforeEach(() => (planDir = mkdtempSync(path.join(tmpdir(), 'plan-nx-runs-'))));
  afterEach(() => {
    rmSync(planDir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.NX_CLI_SET;
    else process.env.NX_CLI_SET = saved;
  });

  it('an executor outside nx notes nothing; under nx it notes its parent, once', () => {
    delete process.env.NX_CLI_SET;
    noteNxRun(planDir);
    expect(existsSync(path.join(planDir, RUNNING_DIR))).toBe(false);
    process.env.NX_CLI_SET = 'true';
    noteNxRun(planDir);
    noteNxRun(planDir);
    expect(readdirSync(path.join(planDir, RUNNING_DIR))).toHaveLength(1);
    // Its parent is this process's own ancestor: status run from under it does not wait for it.
    expect(runningNx(planDir)).toEqual([]);
    expect(runningNx(planDir, new Set())).toEqual([process.ppid]);
  });

  it('a live process is running; an ended one is removed; another machine is not judged; a damaged note is skipped', async () => {
    const dir = path.join(planDir, RUNNING_DIR);
    mkdirSync(dir, { recursive: true });
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    const ended = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => ended.on('exit', resolve));
    const note = (name: string, pid: number, host = hostname()) => writeFileSync(path.join(dir, name), JSON.stringify({ pid, host }));
    try {
      note('live.json', live.pid!);
      note('ended.json', ended.pid!);
      note('elsewhere.json', ended.pid!, `not-${hostname()}`);
      writeFileSync(path.join(dir, 'half.json'), '{"pid":');
      expect(runningNx(planDir, new Set())).toEqual([live.pid]);
      expect(readdirSync(dir).sort()).toEqual(['elsewhere.json', 'half.json', 'live.json']);
    } finally {
      live.kill('SIGKILL');
    }
    await new Promise((resolve) => live.on('exit', resolve));
    expect(runningNx(planDir, new Set())).toEqual([]);
  });

  it('an ended process its parent has not reaped yet (a zombie) is not running', () => {
    if (process.platform !== 'linux') return;
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    const state = () => procStatFields(child.pid!)?.[0];
    // Blocking here keeps Node from reaping the child: it stays a zombie until the loop runs.
    const until = Date.now() + 10_000;
    while (state() !== 'Z' && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    expect(state()).toBe('Z');
    expect(alive(child.pid!)).toBe(false);
    expect(alive(process.pid)).toBe(true);
  });

  it('ancestors: this process, its parent and (on Linux) theirs', () => {
    const pids = ancestorPids();
    expect(pids.has(process.pid) && pids.has(process.ppid)).toBe(true);
    if (process.platform === 'linux') expect(pids.size).toBeGreaterThan(2);
  });
});
