import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Finding } from '../contract';
import type { RuleHelp } from '../rule-catalogue';

/** Larger inputs are refused: contract files are small, and a huge one is a mistake or an attack. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The rule readInput reports under a check's prefix, for its catalogue. */
export function inputRules<P extends string>(prefix: P): Record<`${P}/not-found`, RuleHelp> {
  return {
    [`${prefix}/not-found`]: {
      severity: 'error',
      help: 'An input file does not exist, is not a regular file, is over 16 MiB or cannot be read.',
    },
  } as Record<`${P}/not-found`, RuleHelp>;
}

/** The text of an input file, or an error finding saying why it cannot be read. */
export async function readInput<P extends string>(
  given: string,
  cwd: string,
  rule: P,
): Promise<{ text: string } | { finding: Finding<`${P}/not-found`> }> {
  const absolute = path.resolve(cwd, given);
  const fail = (message: string) => ({
    finding: { rule: `${rule}/not-found` as const, severity: 'error' as const, message, file: given },
  });
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
export function sortFindings<R extends string>(findings: Finding<R>[]): Finding<R>[] {
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
