import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resultFileOf } from './results-file';

/** The state a unit's result file records (written by the verify executor, restored by Nx from cache). */
export interface RecordedState {
  status: string;
  reason?: string;
  items?: { id: string; status: string; reason?: string }[];
}

/** A unit's recorded state, or undefined when it has no readable result (it did not run). */
export function readRecordedState(planDir: string, key: string): RecordedState | undefined {
  const file = path.join(planDir, resultFileOf(key));
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof record?.status !== 'string') return undefined;
    const items = Array.isArray(record.items)
      ? record.items.filter((i: unknown): i is { id: string; status: string } => typeof (i as { status?: unknown })?.status === 'string')
      : undefined;
    return { status: record.status, ...(typeof record.reason === 'string' ? { reason: record.reason } : {}), ...(items ? { items } : {}) };
  } catch {
    return undefined;
  }
}
