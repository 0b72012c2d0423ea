import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Newline-delimited JSON records with their line numbers, streamed (a 1 M-row sample file never
 * sits in memory as text). A line that is not a JSON object is reported, not thrown.
 */
export interface LineRecord {
  line: number;
  /** The line as written, to place a finding at a field's column. */
  text: string;
  value: Record<string, unknown>;
}

export interface LineProblem {
  line: number;
  message: string;
}

export async function forEachRecord(
  file: string,
  onRecord: (record: LineRecord) => void | Promise<void>,
  onProblem: (problem: LineProblem) => void,
): Promise<number> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  let count = 0;
  for await (const raw of lines) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      onProblem({ line: n, message: `not valid JSON (${(error as Error).message.split('\n')[0]})` });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      onProblem({ line: n, message: 'a record must be a JSON object' });
      continue;
    }
    count++;
    await onRecord({ line: n, text, value: value as Record<string, unknown> });
  }
  return count;
}

/** Column (1-based) of `"field"` as a key in a record's line, else 1. */
export function fieldColumn(text: string, field: string): number {
  const at = text.indexOf(`${JSON.stringify(field)}:`);
  const loose = at >= 0 ? at : text.indexOf(JSON.stringify(field));
  return loose >= 0 ? loose + 1 : 1;
}

/** Whether a path names an existing regular file (relative to cwd). */
export async function isFile(cwd: string, given: string): Promise<boolean> {
  const stat = await fs.stat(path.resolve(cwd, given)).catch(() => undefined);
  return !!stat?.isFile();
}
