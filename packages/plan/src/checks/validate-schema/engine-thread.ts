import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedStatement } from './pg-parser';
import type { ApplyResult, StartInfo, StartOptions } from './pglite-engine';
import type { Call } from './engine-worker';

/**
 * A SchemaEngine in a worker thread (engine-worker.ts), behind the same interface: PGlite's start
 * and its applies take seconds of CPU, and in a batch they would otherwise hold the main thread
 * that every other check of the run needs. Calls are serialised by the engine inside.
 */
export class ThreadSchemaEngine {
  inputs = 0;
  restarts = 0;
  resumes = 0;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly worker: Worker,
    readonly startInfo: StartInfo,
  ) {}

  static start(options: StartOptions = {}): Promise<ThreadSchemaEngine> {
    const worker = workerFor(options);
    // The thread never holds the process open by itself (the engine also closes PGlite when idle).
    worker.unref();
    return new Promise((resolve, reject) => {
      let engine: ThreadSchemaEngine | undefined;
      worker.on('message', (message: Reply) => {
        if (message.id === 0) {
          if (message.error) return reject(new Error(message.error.message));
          engine = new ThreadSchemaEngine(worker, message.value as StartInfo);
          engine.count(message);
          return resolve(engine);
        }
        engine?.settle(message);
      });
      const fail = (error: Error) => {
        reject(error);
        engine?.failAll(error);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the PGlite worker thread exited (code ${code})`)));
    });
  }

  apply(sql: string, statements: ParsedStatement[]): Promise<ApplyResult> {
    return this.call({ method: 'apply', sql, statements }) as Promise<ApplyResult>;
  }

  query<T>(sql: string): Promise<T[]> {
    return this.call({ method: 'query', sql }) as Promise<T[]>;
  }

  async close(): Promise<void> {
    this.failAll(new Error('the PGlite engine was closed'));
    await this.worker.terminate();
  }

  private call(request: Call): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private settle(message: Reply): void {
    const pending = this.waiting.get(message.id);
    if (!pending) return;
    this.waiting.delete(message.id);
    this.count(message);
    if (message.error)
      pending.reject(Object.assign(new Error(message.error.message), message.error.code ? { code: message.error.code } : {}));
    else pending.resolve(message.value);
  }

  private count(message: Reply): void {
    if (message.counters) Object.assign(this, message.counters);
  }

  private failAll(error: Error): void {
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
  }
}

interface Reply {
  id: number;
  value?: unknown;
  error?: { message: string; code?: string };
  counters?: { inputs: number; restarts: number; resumes: number };
}

/** From compiled JS the worker file runs as is; from the TypeScript source it is loaded through swc. */
function workerFor(options: StartOptions): Worker {
  const compiled = path.join(__dirname, 'engine-worker.js');
  if (__filename.endsWith('.js')) return new Worker(compiled, { workerData: options });
  const source = path.join(__dirname, 'engine-worker.ts');
  return new Worker(`require('@swc-node/register'); require(${JSON.stringify(source)});`, { eval: true, workerData: options });
}
