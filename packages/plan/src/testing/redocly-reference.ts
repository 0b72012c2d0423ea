import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export interface ReferenceError {
  rule: string;
  message: string;
  pointer: string;
}

/** Redocly's `spec` ruleset over `files` (one child process for all): errors per file. */
export function redoclyErrors(files: string[]): Map<string, ReferenceError[]> {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'redocly-lint.mjs'), ...files], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const results = JSON.parse(output) as { file: string; errors: ReferenceError[] }[];
  return new Map(results.map((r) => [r.file, r.errors]));
}
