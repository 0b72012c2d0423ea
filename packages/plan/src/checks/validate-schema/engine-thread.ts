import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Call } from './engine-worker';
import type { ParsedStatement } from './pg-parser';
import type { ApplyResult, StartInfo, StartOptions } from './pglite-engine';

/**
 * A SchemaEngine in a worker thread (engine-worker.ts), behind the same interface: PGlite's start
 * and its applies take seconds of CPU, and in a batch they would otherwise hold the main thread
 * that every other check of the run needs. Calls are serialised by the engine inside.
 *
 * After IDLE_MS without a call the thread ends, not only its PGlite: a thread left
 * behind keeps its isolate and wasm memory for the life of the process (a test runner loading the
 * module again per file would pile them up). The next call starts a new thread, from the snapshot.
 */
export class ThreadSchemaEngine {
  /** Totals over every thread this engine started (tests assert reuse through them). */
  inputs = 0;
  restarts = 0;
  resumes = 0;
  private counted = { inputs: 0, restarts: 0, resumes: 0 };
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private idleTimer?: NodeJS.Timeout;
  private closed = false;
  /** The running thread, once started (a late exit of a stopped one must not stop its successor). */
  private current?: Worker;

  private constructor(
    private thread: Promise<Worker> | undefined,
    readonly startInfo: StartInfo,
    private readonly options: StartOptions,
  ) {}

  static async start(options: StartOptions = {}): Promise<ThreadSchemaEngine> {
    let engine: ThreadSchemaEngine | undefined;
    const { worker, startInfo } = await startThread(options, (message, from) => engine?.settle(message, from));
    engine = new ThreadSchemaEngine(Promise.resolve(worker), startInfo, options);
    engine.current = worker;
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
    await this.stopThread(new Error('the PGlite engine was closed'));
  }

  private async call(request: Call): Promise<unknown> {
    if (this.closed) throw new Error('the PGlite engine was closed');
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.thread) {
      this.resumes++;
      this.thread = startThread(this.options, (message, from) => this.settle(message, from)).then(
        (started) => (this.current = started.worker),
      );
    }
    const worker = await this.thread;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  private settle(message: Reply, from: Worker): void {
    if (message.id === -1) {
      if (from === this.current) void this.stopThread(new Error(message.error?.message ?? 'the PGlite worker thread stopped'));
      return;
    }
    const pending = this.waiting.get(message.id);
    if (!pending) return;
    this.waiting.delete(message.id);
    if (message.counters) this.count(message.counters);
    if (message.error)
      pending.reject(Object.assign(new Error(message.error.message), message.error.code ? { code: message.error.code } : {}));
    else pending.resolve(message.value);
    if (this.waiting.size === 0) this.armIdleTimer();
  }

  /** The worker reports its engine's counters; a new thread starts from zero, so totals add the difference. */
  private count(now: { inputs: number; restarts: number; resumes: number }): void {
    for (const key of ['inputs', 'restarts', 'resumes'] as const) {
      this[key] += Math.max(0, now[key] - this.counted[key]);
      this.counted[key] = now[key];
    }
  }

  private armIdleTimer(): void {
    this.idleTimer = setTimeout(() => {
      if (this.waiting.size === 0) void this.stopThread(new Error('the PGlite worker thread was stopped while idle'));
    }, this.options.idleMs ?? IDLE_MS);
    this.idleTimer.unref();
  }

  private async stopThread(error: Error): Promise<void> {
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
    const thread = this.thread;
    this.thread = undefined;
    this.current = undefined;
    this.counted = { inputs: 0, restarts: 0, resumes: 0 };
    const worker = await thread?.catch(() => undefined);
    if (worker) await closeThread(worker);
  }
}

const IDLE_MS = Number(process.env.PLAN_PGLITE_IDLE_MS) > 0 ? Number(process.env.PLAN_PGLITE_IDLE_MS) : 2000;

interface Reply {
  id: number;
  value?: unknown;
  error?: { message: string; code?: string };
  counters?: { inputs: number; restarts: number; resumes: number };
}

/** Starts a thread and waits for its engine; later replies go to `onReply` (id -1: the thread failed or exited). */
function startThread(
  options: StartOptions,
  onReply: (message: Reply, from: Worker) => void,
): Promise<{ worker: Worker; startInfo: StartInfo }> {
  const worker = workerFor(options);
  // The thread never holds the process open by itself.
  worker.unref();
  return new Promise((resolve, reject) => {
    let started = false;
    worker.on('message', (message: Reply) => {
      if (message.id !== 0) return onReply(message, worker);
      if (message.error) return reject(new Error(message.error.message));
      started = true;
      resolve({ worker, startInfo: message.value as StartInfo });
    });
    const fail = (error: Error) => (started ? onReply({ id: -1, error: { message: error.message } }, worker) : reject(error));
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PGlite worker thread exited (code ${code})`)));
  });
}

/**
 * Asks the thread to close PGlite and end; terminate() only when it has not ended after a grace
 * period (terminating a thread inside wasm crashed the process: see engine-worker.ts).
 */
function closeThread(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate().finally(resolve), CLOSE_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ method: 'close', id: -2 });
  });
}

const CLOSE_GRACE_MS = 10_000;

/**
 * Loads .ts files in the worker by TypeScript's own transpiler (tests and the bench run from the
 * sources). Not @swc-node/register: its native binding in a worker thread beside PGlite ended Jest
 * runs in SIGSEGV, while the compiled worker never did.
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
function workerFor(options: StartOptions): Worker {
  if (__filename.endsWith('.js')) return new Worker(path.join(__dirname, 'engine-worker.js'), { workerData: options });
  const source = path.join(__dirname, 'engine-worker.ts');
  return new Worker(`${TS_REQUIRE_HOOK}\nrequire(${JSON.stringify(source)});`, { eval: true, workerData: options });
}
