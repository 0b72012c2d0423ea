import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Which Python runs the helpers, and why that one (for messages and metadata). */
export interface Interpreter {
  command: string;
  source: 'option' | 'venv' | 'default';
}

const VENV_PYTHONS = ['.venv/bin/python', 'venv/bin/python', '.venv/Scripts/python.exe', 'venv/Scripts/python.exe'];

/**
 * The `python` option wins; else the project's venv, found by walking up from each checked path
 * (the nearest wins, as an activated venv would); else `python3` from PATH.
 */
export function resolveInterpreter(option: string | undefined, absolutePaths: string[], cwd: string): Interpreter {
  if (option) {
    // A bare name (`python3.11`) is looked up on PATH; anything with a slash is a path.
    const command = /[\\/]/.test(option) ? path.resolve(cwd, option) : option;
    return { command, source: 'option' };
  }
  for (const start of absolutePaths) {
    let dir = statSync(start, { throwIfNoEntry: false })?.isDirectory() ? start : path.dirname(start);
    for (;;) {
      for (const candidate of VENV_PYTHONS) {
        const python = path.join(dir, candidate);
        if (existsSync(python)) return { command: python, source: 'venv' };
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return { command: 'python3', source: 'default' };
}

export interface PythonRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the interpreter could not be started at all (ENOENT, EACCES...). */
  spawnError?: string;
}

export interface PythonRunOptions {
  args: string[];
  stdin: string;
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

const STDERR_LIMIT = 64 * 1024;

/**
 * Runs the interpreter in its own process group and kills the whole group on timeout, so a
 * server or thread the user's app started cannot outlive the check.
 */
export function runPython(interpreter: Interpreter, options: PythonRunOptions): Promise<PythonRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (run: Omit<PythonRun, 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...run, stdout, stderr, timedOut });
    };
    const child = spawn(interpreter.command, options.args, {
      cwd: options.cwd,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > STDERR_LIMIT * 2) stderr = stderr.slice(-STDERR_LIMIT);
    });
    // A child that exits before reading stdin raises EPIPE here; its exit status tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => finish({ code: null, signal: null, spawnError: error.message }));
    child.on('close', (code, signal) => {
      killGroup(child.pid); // leftovers of the user's app (subprocesses) go with it
      finish({ code, signal });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
