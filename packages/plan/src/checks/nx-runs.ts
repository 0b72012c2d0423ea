import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { procStatFields } from './process/proc-stat';

/**
 * Which nx processes are running a plan's targets. A target's result file is written by the
 * executor, but Nx puts it in its cache later, from the nx process itself: `plan status` must
 * not delete result files under a running nx, or Nx caches that target without its result
 * ("no result recorded" until its inputs change). Each executor notes the nx process it runs
 * under (its parent: the same for a batch, a forked target and with the daemon) in
 * `.plan/running/`; status waits while one of those lives.
 */
export const RUNNING_DIR = '.plan/running';

interface Marker {
  pid: number;
  host: string;
}

const markerName = (host: string, pid: number) => `${host.replace(/[^\w.-]/g, '_')}-${pid}.json`;

/** Notes the nx process this executor runs under; nothing outside nx (NX_CLI_SET is nx's own). */
export function noteNxRun(planDir: string): void {
  if (process.env.NX_CLI_SET !== 'true') return;
  const dir = path.join(planDir, RUNNING_DIR);
  const file = path.join(dir, markerName(hostname(), process.ppid));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify({ pid: process.ppid, host: hostname() } satisfies Marker), { flag: 'wx' });
  } catch {
    /* already noted by an earlier target of this run, or a read-only folder: status then cannot wait */
  }
}

/** Whether `pid` runs: an ended process its parent has not reaped yet (a zombie) does not. */
export function alive(pid: number): boolean {
  const fields = procStatFields(pid);
  if (fields) return fields[0] !== 'Z';
  // No /proc (not Linux), or no such process: ask the kernel.
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The nx processes of this machine still running targets of the plan, except `exclude` (the
 * caller's own ancestors: a status run inside an nx target must not wait for that nx). Notes of
 * ended processes are removed; notes from other machines (a shared folder) are not judged.
 */
export function runningNx(planDir: string, exclude: ReadonlySet<number> = ancestorPids()): number[] {
  const dir = path.join(planDir, RUNNING_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const here = hostname();
  const running: number[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let marker: Partial<Marker>;
    try {
      marker = JSON.parse(readFileSync(file, 'utf8')) as Partial<Marker>;
    } catch {
      continue; // being written (or damaged): never a reason to wait, nor to delete another's note
    }
    if (marker.host !== here || typeof marker.pid !== 'number' || exclude.has(marker.pid)) continue;
    if (alive(marker.pid)) running.push(marker.pid);
    else rmSync(file, { force: true });
  }
  return running;
}

/** This process and its ancestors (from /proc on Linux; elsewhere this process and its parent). */
export function ancestorPids(): Set<number> {
  const out = new Set<number>([process.pid, process.ppid]);
  for (let pid = process.ppid; pid > 1;) {
    const parent = Number(procStatFields(pid)?.[1]);
    if (!Number.isInteger(parent) || parent <= 1 || out.has(parent)) break;
    out.add(parent);
    pid = parent;
  }
  return out;
}
