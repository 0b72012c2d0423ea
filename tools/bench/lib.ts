/**
 * Small helpers shared by the benchmark scripts in tools/bench: argument parsing, medians,
 * formatting, temp folders that are always removed, and whether packages/plan/dist is current.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** `--name value` as a positive integer, else the fallback. */
export function intArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer (got "${process.argv[at + 1] ?? ''}")`);
    process.exit(2);
  }
  return value;
}

export function stringArg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function fmtMs(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

export function fmtRatio(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}x`;
}

/** A plain-text table: the first row is the header; columns after the first are right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * Temp folders removed when the process ends, also on Ctrl-C or an uncaught error, so an
 * interrupted bench leaves nothing behind in the temp dir.
 */
const tempDirs: string[] = [];
let cleanupInstalled = false;

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', removeTempDirs);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        removeTempDirs();
        process.exit(130);
      });
    }
  }
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Newest modification time (ms) of the files under `target`, skipping node_modules and dist. */
export function newestMtime(target: string): number {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** packages/plan/dist exists and is newer than everything tools/build.js copies or compiles. */
export function distIsFresh(): boolean {
  const pkg = path.join(REPO_ROOT, 'packages', 'plan');
  const built = newestMtime(path.join(pkg, 'dist', 'package.json'));
  if (built === 0) return false;
  const sources = Math.max(
    newestMtime(path.join(pkg, 'src')),
    newestMtime(path.join(pkg, 'bin')),
    newestMtime(path.join(pkg, 'package.json')),
    newestMtime(path.join(pkg, 'generators.json')),
    newestMtime(path.join(pkg, 'executors.json')),
    newestMtime(path.join(pkg, 'index.ts')),
    newestMtime(path.join(pkg, 'plugin.ts')),
    newestMtime(path.join(REPO_ROOT, 'templates')),
  );
  return built >= sources;
}
