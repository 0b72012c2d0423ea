import { parentPort, workerData } from 'node:worker_threads';
import { SchemaEngine, StartOptions } from './pglite-engine';

/**
 * The worker thread that hosts a SchemaEngine (PGlite) for engine-thread.ts: PostgreSQL's start
 * and every apply run here, on another core than the checks on the main thread.
 */
export type Call = { method: 'apply'; sql: string; statements: unknown[] } | { method: 'query'; sql: string } | { method: 'close' };
export type Request = Call & { id: number };

// The thread ends when idle (engine-thread.ts); the engine inside never closes itself (the
// longest timeout Node allows), so its state only changes between calls the caller made.
const started = SchemaEngine.start({ ...(workerData as StartOptions), idleMs: 2 ** 31 - 1 });
const counters = (engine: SchemaEngine) => ({ inputs: engine.inputs, restarts: engine.restarts, resumes: engine.resumes });

started.then(
  (engine) => parentPort!.postMessage({ id: 0, value: engine.startInfo, counters: counters(engine) }),
  (error) => parentPort!.postMessage({ id: 0, error: errorData(error) }),
);

parentPort!.on('message', async (request: Request) => {
  if (request.method === 'close') {
    // PGlite stops between calls and the thread then ends by itself: terminate() of a thread that
    // may be inside wasm (PGlite's timers run Postgres code) ended the process in SIGSEGV.
    await (await started.catch(() => undefined))?.close();
    parentPort!.close();
    return;
  }
  try {
    const engine = await started;
    const value =
      request.method === 'apply'
        ? await engine.apply(request.sql, request.statements as Parameters<SchemaEngine['apply']>[1])
        : await engine.query(request.sql);
    parentPort!.postMessage({ id: request.id, value, counters: counters(engine) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: errorData(error) });
  }
});

/** An error as plain data (a structured clone keeps only name and message of an Error). */
function errorData(error: unknown): { message: string; code?: string } {
  const e = error as { message?: unknown; code?: unknown };
  return { message: typeof e?.message === 'string' ? e.message : String(error), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
}
