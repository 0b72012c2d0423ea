/**
 * One row of tools/bench/checks.ts: a check run on its input files, measured per file against
 * files-exist. The *-cases.ts files build these rows; `put` writes their inputs under the bench root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export type FileKind = 'json' | 'yaml' | 'text' | 'binary' | 'spawn';

export interface BenchCase {
  /** Row label. */
  label: string;
  check: string;
  paths: string[];
  options: Record<string, unknown>;
  /** The input files the check reads (what the baseline reads and parses; the per-file divisor). */
  files: { path: string; kind: FileKind }[];
  /** Warm runs for this case (slow cases run fewer). */
  warm?: number;
  /** files-exist paths when `files` has no file (command). */
  baselinePaths?: string[];
}

/** Writes `content` at `relative` under `root` (folders created) and returns `relative`. */
export function put(root: string, relative: string, content: string | Buffer): string {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), content);
  return relative;
}
