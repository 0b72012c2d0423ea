import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Call } from './engine-worker';
import type { ParsedStatement } from './pg-parser';
import { IDLE_MS } from './pglite-engine';
import type { ApplyResult, StartInfo, StartOptions } from './pglite-engine';

/**
 * A SchemaEngine in a child process (engine-worker.ts), behind the same interface. PGlite's start
 * and its applies take seconds of CPU that would otherwise hold the thread every other check of a
 * batch runs on. Not a worker thread: PGlite's wasm memory made every later spawn of the checks'
 * helper processes 20x dearer (measured here: 10 spawns of /bin/true 0.03 s of CPU in a bare
 * process, 0.5 s beside PGlite; fork copies the page tables), and a batch spawns Python several times.
 * Calls are serialised by the engine inside.
 *
 * After IDLE_MS without a call the process ends, not only its PGlite; the next call starts a new
 * one, from the snapshot.
 */
export class ProcessSchemaEngine {
  /** Totals over every process this engine started (tests assert reuse through them). */
  inputs = 0;
  restarts = 0;
  resumes = 0;
  private counted = { inputs: 0, restarts: 0, resumes: 0 };
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private idleTimer?: NodeJS.Timeout;
  private closed = false;
  /** The running process, once started (a late exit of a stopped one must not stop its successor). */
  private current?: ChildProcess;

  private constructor(
    private host: Promise<ChildProcess> | undefined,
    readonly startInfo: StartInfo,
    private readonly options: StartOptions,
  ) {}

  static async start(options: StartOptions = {}): Promise<ProcessSchemaEngine> {
    let engine: ProcessSchemaEngine | undefined;
    const { child, startInfo } = await startHost(options, (message, from) => engine?.settle(message, from));
    engine = new ProcessSchemaEngine(Promise.resolve(child), startInfo, options);
    engine.current = child;
    engine.armIdleTimer();
    return engine;
  }

  apply(sql: string, statements: ParsedStatement[]): Promise<ApplyResult> {
    return this.call({ method: 'apply', sql, statements }) as Promise<ApplyResult>;
  }

  query<T>(sql: string): Promise<T[]> {
    return this.call({ method: 'query', sql }) as Promise<T[]>;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.stopHost(new Error('the PGlite engine was closed'));
  }

  private async call(request: Call): Promise<unknown> {
    if (this.closed) throw new Error('the PGlite engine was closed');
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.host) {
      this.resumes++;
      this.host = startHost(this.options, (message, from) => this.settle(message, from)).then((started) => (this.current = started.child));
    }
    const child = await this.host;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      holdOpen(child, true);
      child.send({ ...request, id });
    });
  }

  private settle(message: Reply, from: ChildProcess): void {
    if (message.id === -1) {
      if (from === this.current) void this.stopHost(new Error(message.error?.message ?? 'the PGlite engine process stopped'));
      return;
    }
    const pending = this.waiting.get(message.id);
    if (!pending) return;
    this.waiting.delete(message.id);
    if (message.counters) this.count(message.counters);
    if (message.error)
      pending.reject(Object.assign(new Error(message.error.message), message.error.code ? { code: message.error.code } : {}));
    else pending.resolve(message.value);
    if (this.waiting.size === 0) {
      holdOpen(from, false);
      this.armIdleTimer();
    }
  }

  /** The process reports its engine's counters; a new process starts from zero, so totals add the difference. */
  private count(now: { inputs: number; restarts: number; resumes: number }): void {
    for (const key of ['inputs', 'restarts', 'resumes'] as const) {
      this[key] += Math.max(0, now[key] - this.counted[key]);
      this.counted[key] = now[key];
    }
  }

  private armIdleTimer(): void {
    this.idleTimer = setTimeout(() => {
      if (this.waiting.size === 0) void this.stopHost(new Error('the PGlite engine process was stopped while idle'));
    }, this.options.idleMs ?? IDLE_MS);
    this.idleTimer.unref();
  }

  private async stopHost(error: Error): Promise<void> {
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
    const host = this.host;
    this.host = undefined;
    this.current = undefined;
    this.counted = { inputs: 0, restarts: 0, resumes: 0 };
    const child = await host?.catch(() => undefined);
    if (child) await closeHost(child);
  }
}

interface Reply {
  id: number;
  value?: unknown;
  error?: { message: string; code?: string };
  counters?: { inputs: number; restarts: number; resumes: number };
}

/** Engine processes still running: ended with this process, whatever way it exits. */
const hosts = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts a process and waits for its engine; later replies go to `onReply` (id -1: the process failed or exited). */
function startHost(
  options: StartOptions,
  onReply: (message: Reply, from: ChildProcess) => void,
): Promise<{ child: ChildProcess; startInfo: StartInfo }> {
  const child = spawnHost(options);
  hosts.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => hosts.forEach((host) => host.kill('SIGKILL')));
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  return new Promise((resolve, reject) => {
    let started = false;
    child.on('message', (message: Reply) => {
      if (message.id !== 0) return onReply(message, child);
      if (message.error) return reject(new Error(message.error.message));
      started = true;
      holdOpen(child, false);
      resolve({ child, startInfo: message.value as StartInfo });
    });
    const fail = (error: Error) => (started ? onReply({ id: -1, error: { message: error.message } }, child) : reject(error));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      hosts.delete(child);
      const last = stderr.trim().split('\n').slice(-3).join(' | ');
      fail(new Error(`the PGlite engine process exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`));
    });
  });
}

/**
 * While a call waits for the engine, the channel keeps this process alive (else a caller awaiting
 * only the engine would see Node exit under it); idle, the engine never holds it open.
 */
function holdOpen(child: ChildProcess, hold: boolean): void {
  const channel = child.channel as { ref?: () => void; unref?: () => void } | undefined;
  if (hold) {
    child.ref();
    channel?.ref?.();
  } else {
    child.unref();
    channel?.unref?.();
  }
}

/**
 * Ends the process. It is killed, not asked to shut PostgreSQL down: the data dir lives in its
 * memory and nothing of it is kept, and a clean shutdown cost ~0.3 s at the end of every batch.
 */
function closeHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // An idle engine is unref'd: without this, a caller awaiting only the close would see Node exit.
    child.ref();
    child.kill('SIGKILL');
  });
}

/**
 * Loads .ts files in the engine process by TypeScript's own transpiler (tests and the bench run
 * from the sources). Not @swc-node/register: its native binding beside PGlite in a worker thread
 * ended Jest runs in SIGSEGV; the transpiler is plain JavaScript.
 */
const TS_REQUIRE_HOOK = `
const ts = require('typescript');
const fs = require('node:fs');
require.extensions['.ts'] = (module, filename) => {
  const output = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(output.outputText, filename);
};`;

/** From compiled JS the worker file runs as is; from the TypeScript source it is loaded by TS_REQUIRE_HOOK. */
function spawnHost(options: StartOptions): ChildProcess {
  const args = __filename.endsWith('.js')
    ? [path.join(__dirname, 'engine-worker.js')]
    : ['-e', `${TS_REQUIRE_HOOK}\nrequire(${JSON.stringify(path.join(__dirname, 'engine-worker.ts'))});`];
  return spawn(process.execPath, args, {
    cwd: __dirname,
    // Node's own flags of the caller (e.g. Jest's --experimental-vm-modules) are not the engine's business.
    env: { ...process.env, NODE_OPTIONS: '', PLAN_ENGINE_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
}
