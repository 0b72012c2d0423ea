import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { procStatFields, statFields } from './proc-stat';

/**
 * Processes that checks start (user commands, the user's app, the Python helpers) run confined:
 * a minimal environment, their own process group, and the whole group is killed when the
 * process ends, times out, or this process exits. One place for the rule, used by every check.
 */

/** What a shell, Python and common tools need to run; nothing here grants access to anything. */
const BASE_NAMES = new Set(['PATH', 'HOME', 'LANG', 'LANGUAGE', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'COMSPEC', 'PATHEXT']);
const BASE_PATTERN = /^LC_[A-Z]+$/;
/** Never inherited implicitly, even if a base rule matched: credentials travel only when named. */
const SECRET = /TOKEN|SECRET|PASSWORD|_KEY$|^AWS_/i;

export interface ConfinedEnvOptions {
  /** Variables the check itself sets (e.g. PYTHONDONTWRITEBYTECODE). */
  set?: Record<string, string>;
  /** Names the user listed explicitly (a `command` check's `with.env`): passed through as they are. */
  pass?: string[];
}

export function confinedEnv(options: ConfinedEnvOptions = {}, from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined || SECRET.test(name)) continue;
    if (BASE_NAMES.has(name.toUpperCase()) || BASE_PATTERN.test(name)) env[name] = value;
  }
  for (const name of options.pass ?? []) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...options.set };
}

export interface ConfinedRunOptions {
  command: string;
  args?: string[];
  /** Run `command` through the system shell (a `command` check's text). */
  shell?: boolean;
  cwd: string;
  env: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  stdin?: string;
  timeoutMs: number;
}

export interface ConfinedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived (the last OUTPUT_LIMIT characters). */
  output: string;
  timedOut: boolean;
  /** Set when the process could not be started at all (ENOENT, EACCES...). */
  spawnError?: string;
}

const OUTPUT_LIMIT = 64 * 1024;
const STDOUT_LIMIT = 16 * 1024 * 1024;
/** After the process exits, how long its output pipes may stay open (held by an escaped child). */
const DRAIN_MS = 2000;

const tail = (text: string, limit: number) => (text.length > limit * 2 ? text.slice(-limit) : text);

export function runConfined(options: ConfinedRunOptions): Promise<ConfinedRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let output = '';
    let timedOut = false;
    let settled = false;
    let drain: NodeJS.Timeout | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    const child = spawn(options.command, options.args ?? [], {
      cwd: options.cwd,
      env: options.env,
      shell: options.shell ?? false,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const pid = child.pid;
    if (pid !== undefined) track(pid);
    const finish = (spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      if (pid !== undefined) untrack(pid);
      resolve({ ...exit, stdout, stderr, output: output.slice(-OUTPUT_LIMIT), timedOut, ...(spawnError ? { spawnError } : {}) });
    };
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      stdout = tail(stdout + chunk, STDOUT_LIMIT);
      output = tail(output + chunk, OUTPUT_LIMIT);
    });
    child.stderr!.on('data', (chunk: string) => {
      stderr = tail(stderr + chunk, OUTPUT_LIMIT);
      output = tail(output + chunk, OUTPUT_LIMIT);
    });
    if (child.stdin) {
      // A child that exits before reading stdin raises EPIPE here; its exit status tells the story.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) killGroup(pid);
    }, options.timeoutMs);
    child.on('error', (error) => finish(error.message));
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      clearTimeout(timer);
      // Whatever the process left behind (servers, background jobs) goes with it.
      if (pid !== undefined) killGroup(pid);
      // A descendant that left the group may still hold the pipes; do not wait for it forever.
      drain = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, DRAIN_MS);
    });
    child.on('close', () => finish());
  });
}

/** Process groups still running, killed if this process exits or is interrupted first. */
const live = new Set<number>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killGroup(pid: number): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function killAll(): void {
  for (const pid of live) killGroup(pid);
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // Alone, our listener replaced Node's default (exit on the signal): restore it and re-raise.
  if (process.listenerCount(signal) === 1) {
    stopWatching();
    process.kill(process.pid, signal);
  }
}

function track(pid: number): void {
  live.add(pid);
  if (live.size !== 1) return;
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function untrack(pid: number): void {
  live.delete(pid);
  if (live.size === 0) stopWatching();
}

function stopWatching(): void {
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

export interface ConfinedService {
  pid: number | undefined;
  /** The last OUTPUT_LIMIT characters of stdout and stderr, interleaved. */
  output(): string;
  /** Exit status once the process has exited (or could not start). */
  exit(): { code: number | null; signal: NodeJS.Signals | null; spawnError?: string } | undefined;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A long-running process (a service under test) confined like runConfined: minimal environment,
 * own process group, killed with its children by stop(), or when this process exits first.
 */
export function startConfined(options: Omit<ConfinedRunOptions, 'stdin' | 'timeoutMs'>): ConfinedService {
  let output = '';
  let exit: ReturnType<ConfinedService['exit']>;
  const child = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: options.env,
    shell: options.shell ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const pid = child.pid;
  if (pid !== undefined) track(pid);
  const exited = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      exit ??= { code: null, signal: null, spawnError: error.message };
      resolve();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    });
  });
  const keep = (chunk: string) => (output = tail(output + chunk, OUTPUT_LIMIT));
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  return {
    pid,
    output: () => output.slice(-OUTPUT_LIMIT),
    exit: () => exit,
    async stop(graceMs = 2000) {
      if (pid === undefined) return;
      if (!exit) {
        try {
          process.kill(process.platform === 'win32' ? pid : -pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (grace = setTimeout(resolve, graceMs)))]);
        clearTimeout(grace);
      }
      // Children that ignored SIGTERM, or outlived their parent, go too.
      killGroup(pid);
      await exited;
      await groupGone(pid);
      untrack(pid);
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}

/**
 * Waits (up to `limitMs`) until no process of group `pgid` runs any more: SIGKILL is delivered
 * asynchronously, and the leader's exit does not mean its children are gone yet. Zombies (dead,
 * waiting for their reaper) count as gone.
 */
async function groupGone(pgid: number, limitMs = 3000): Promise<void> {
  if (process.platform === 'win32') return;
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    if (!groupRuns(pgid)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True while a member of the group is not a zombie (Linux /proc; elsewhere: assume it runs). */
function groupRuns(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = procStatFields(entry);
    if (!fields || Number(fields[2]) !== pgid) continue;
    if (fields[0] !== 'Z') return true;
    // A zombie leader can still have threads exiting, which hold its files (a listening socket).
    if (threadsRun(entry)) return true;
  }
  return false;
}

function threadsRun(pid: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((task) => {
      try {
        return statFields(readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8'))[0] !== 'Z';
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}
