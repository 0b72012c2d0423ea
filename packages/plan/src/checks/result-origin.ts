import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where a task's recorded result came from. Nx restores `.plan/results/<task>.json` from its local
 * or its remote cache without saying which, and a remote result was produced by whoever could
 * write to that cache. So every result this machine produces is written down, by content, in a
 * ledger outside the cached outputs: a result found in it was produced here (`run` when during the
 * current invocation, else `local`); any other result was restored from elsewhere (`remote`).
 * A lost ledger only makes local results look remote — the safe direction.
 */
export type ResultOrigin = 'run' | 'local' | 'remote';

export const RESULT_ORIGINS: readonly ResultOrigin[] = ['run', 'local', 'remote'];

/** At most this many entries are kept; older results then count as remote and are re-verified in strict mode. */
const LEDGER_LIMIT = 20_000;

/** The ledger of one workspace: in node_modules/.cache, where tools keep machine-local state. */
export function ledgerFile(workspaceRoot: string): string {
  return path.join(workspaceRoot, 'node_modules', '.cache', 'plan', 'produced-results');
}

export function resultDigest(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Records that this machine produced a result file with this exact content, now. */
export function recordProducedResult(workspaceRoot: string, content: string, now = Date.now()): void {
  const file = ledgerFile(workspaceRoot);
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${resultDigest(content)} ${now}\n`);
  compactIfLarge(file);
}

/** The time each result digest was last produced here. */
export function readLedger(workspaceRoot: string): Map<string, number> {
  const file = ledgerFile(workspaceRoot);
  const produced = new Map<string, number>();
  if (!existsSync(file)) return produced;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) (\d+)$/.exec(line);
    if (match) produced.set(match[1], Number(match[2]));
  }
  return produced;
}

/** `since`: when the current invocation started; results produced from then on were run by it. */
export function originOf(content: string, ledger: Map<string, number>, since: number): ResultOrigin {
  const producedAt = ledger.get(resultDigest(content));
  if (producedAt === undefined) return 'remote';
  return producedAt >= since ? 'run' : 'local';
}

/** One entry: 64 hex digits, a space, up to 13 digits of milliseconds, a newline. */
const ENTRY_BYTES = 79;

function compactIfLarge(file: string): void {
  // The size says when to compact, so recording stays O(1) between compactions.
  if (statSync(file).size <= LEDGER_LIMIT * 1.5 * ENTRY_BYTES) return;
  const ledger = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  // Written beside and renamed, so a reader never sees half a ledger.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, ledger.slice(-LEDGER_LIMIT).join('\n') + '\n');
  renameSync(temporary, file);
}
