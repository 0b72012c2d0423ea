import { baselineWasmOnly } from '../../utils/wasm-tiering';
import { SchemaEngine, StartOptions } from './pglite-engine';

/**
 * The process that hosts a SchemaEngine (PGlite) for engine-process.ts: PostgreSQL's start and
 * every apply run here, on another core than the checks, in a process whose memory the checks'
 * own spawns do not have to copy.
 */
export type Call = { method: 'apply'; sql: string; statements: unknown[] } | { method: 'query'; sql: string };
export type Request = Call & { id: number };

baselineWasmOnly();

const options = JSON.parse(process.env.PLAN_ENGINE_OPTIONS || '{}') as StartOptions;
// The process ends when idle, killed by engine-process.ts; the engine inside never closes itself (the
// longest timeout Node allows), so its state only changes between calls the caller made.
const started = SchemaEngine.start({ ...options, idleMs: 2 ** 31 - 1 });
const counters = (engine: SchemaEngine) => ({ inputs: engine.inputs, restarts: engine.restarts, resumes: engine.resumes });
const reply = (message: unknown) => process.send?.(message);

started.then(
  (engine) => reply({ id: 0, value: engine.startInfo, counters: counters(engine) }),
  (error) => reply({ id: 0, error: errorData(error) }),
);

// The caller went away (it ended, or was killed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));

process.on('message', async (request: Request) => {
  try {
    const engine = await started;
    const value =
      request.method === 'apply'
        ? await engine.apply(request.sql, request.statements as Parameters<SchemaEngine['apply']>[1])
        : await engine.query(request.sql);
    reply({ id: request.id, value, counters: counters(engine) });
  } catch (error) {
    reply({ id: request.id, error: errorData(error) });
  }
});

/** An error as plain data. */
function errorData(error: unknown): { message: string; code?: string } {
  const e = error as { message?: unknown; code?: unknown };
  return { message: typeof e?.message === 'string' ? e.message : String(error), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
}
