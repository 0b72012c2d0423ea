import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Finding } from '../contract';

/** Larger inputs are refused: contract files are small, and a huge one is a mistake or an attack. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The text of an input file, or an error finding saying why it cannot be read. */
export async function readInput(given: string, cwd: string, rule: string): Promise<{ text: string } | { finding: Finding }> {
  const absolute = path.resolve(cwd, given);
  const fail = (message: string) => ({ finding: { rule: `${rule}/not-found`, severity: 'error' as const, message, file: given } });
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) return fail('File does not exist: check the path (relative paths are resolved against the plan folder).');
  if (!stat.isFile()) return fail('Not a regular file: give the file itself, not a folder.');
  if (stat.size > MAX_INPUT_BYTES) return fail(`File is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB: split it or check the path.`);
  try {
    return { text: (await fs.readFile(absolute, 'utf8')).replace(/^\uFEFF/, '') };
  } catch (error) {
    return fail(`Cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}): check its permissions.`);
  }
}

/** By file, then position, so output reads top to bottom; stable for equal positions. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) =>
      a.f.file < b.f.file
        ? -1
        : a.f.file > b.f.file
          ? 1
          : (a.f.line ?? 0) - (b.f.line ?? 0) || (a.f.column ?? 0) - (b.f.column ?? 0) || a.i - b.i,
    )
    .map(({ f }) => f);
}
