import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a function writes to stdout and stderr while it runs, instead of the terminal. A batch
 * runs many tasks in one process, some at the same time; Nx shows and caches each task's output
 * separately, so every write is routed to the task whose async context made it (console calls,
 * and the output handlers of child processes the task started). Writes made outside any capture
 * reach the terminal as before.
 */
export interface Captured<T> {
  output: string;
  value?: T;
  /** Set when the function threw. */
  error?: unknown;
  threw: boolean;
}

type Write = typeof process.stdout.write;

const sink = new AsyncLocalStorage<string[]>();
let active = 0;
let originals: { stdout: Write; stderr: Write } | undefined;

function route(stream: NodeJS.WriteStream, original: Write): Write {
  return function (this: unknown, chunk: string | Uint8Array, encoding?: unknown, done?: unknown) {
    const chunks = sink.getStore();
    if (!chunks) return (original as (...args: unknown[]) => boolean).call(stream, chunk, encoding, done);
    chunks.push(
      typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
    );
    const callback = typeof encoding === 'function' ? encoding : done;
    if (typeof callback === 'function') callback();
    return true;
  } as Write;
}

export async function captureOutput<T>(run: () => Promise<T>): Promise<Captured<T>> {
  if (active++ === 0) {
    originals = { stdout: process.stdout.write, stderr: process.stderr.write };
    process.stdout.write = route(process.stdout, originals.stdout);
    process.stderr.write = route(process.stderr, originals.stderr);
  }
  const chunks: string[] = [];
  try {
    const value = await sink.run(chunks, run);
    return { output: chunks.join(''), value, threw: false };
  } catch (error) {
    return { output: chunks.join(''), error, threw: true };
  } finally {
    if (--active === 0 && originals) {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      originals = undefined;
    }
  }
}
