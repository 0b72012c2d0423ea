/**
 * What a function writes to stdout and stderr while it runs, instead of the terminal. A batch
 * runs many tasks in one process; Nx shows and caches each task's output separately, so each
 * task's writes are collected and handed back as its terminal output. Callers run one capture at
 * a time (the batch runs its tasks one after another).
 */
export interface Captured<T> {
  output: string;
  value?: T;
  /** Set when the function threw. */
  error?: unknown;
  threw: boolean;
}

type Write = typeof process.stdout.write;

export async function captureOutput<T>(run: () => Promise<T>): Promise<Captured<T>> {
  const chunks: string[] = [];
  const collect = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), done?: () => void) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'));
    const callback = typeof encoding === 'function' ? encoding : done;
    callback?.();
    return true;
  }) as Write;
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  process.stdout.write = collect;
  process.stderr.write = collect;
  try {
    const value = await run();
    return { output: chunks.join(''), value, threw: false };
  } catch (error) {
    return { output: chunks.join(''), error, threw: true };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}
