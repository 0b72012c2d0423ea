import type { ValidateFunction } from 'ajv';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Column } from '../data-pipeline/columns';
import { TableWriter } from '../data-pipeline/load-table';
import { forEachRecord } from '../data-pipeline/ndjson';
import { PipelineSource } from '../data-pipeline/pipeline-file';

/**
 * The file connector: reads a source's records, enforces its JSON Schema contract on each, lands
 * the conforming ones in the warehouse table and writes every other one to the dead-letter output
 * with the reason. Opening the source is retried with exponential backoff on transient errors
 * (busy, too many open files, timeouts); a permanent error (missing file) fails at once.
 */
export interface DeadLetter {
  dataset: string;
  file: string;
  line: number;
  reason: string;
  record: unknown;
}

export interface IngestOutcome {
  dataset: string;
  read: number;
  accepted: number;
  rejected: number;
  attempts: number;
  /** Lines of `path` that were dead-lettered (must be none) and lines of `rejects` that were accepted (must be none). */
  wronglyRejected: DeadLetter[];
  wronglyAccepted: { file: string; line: number }[];
  error?: string;
}

/** Opens a source file for reading; the test double at this boundary simulates transient failures. */
export type SourceOpener = (file: string) => Promise<void>;
export const openSource: SourceOpener = async (file) => {
  const handle = await fs.open(file, 'r');
  await handle.close();
};

const TRANSIENT = new Set(['EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'ECONNRESET', 'EINTR']);

export async function withRetry<T>(
  attempts: number,
  backoffMs: number,
  action: () => Promise<T>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await action(), attempts: attempt };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= attempts || !code || !TRANSIENT.has(code)) throw Object.assign(error as Error, { attempts: attempt });
      await sleep(backoffMs * 2 ** (attempt - 1));
    }
  }
}

export async function ingestSource(
  source: PipelineSource,
  columns: Column[],
  validate: ValidateFunction,
  cwd: string,
  writer: TableWriter,
  deadLetter: (entry: DeadLetter) => void,
  opener: SourceOpener = openSource,
  /** Load runs: each valid sample record is landed this many times (volume, not new values). */
  scale = 1,
): Promise<IngestOutcome> {
  const outcome: IngestOutcome = {
    dataset: source.dataset,
    read: 0,
    accepted: 0,
    rejected: 0,
    attempts: 0,
    wronglyRejected: [],
    wronglyAccepted: [],
  };
  const files = [{ file: source.path, planted: false }, ...(source.rejects ? [{ file: source.rejects, planted: true }] : [])];
  for (const { file, planted } of files) {
    const absolute = path.resolve(cwd, file);
    try {
      const opened = await withRetry(source.retry.attempts, source.retry.backoffMs, () => opener(absolute));
      outcome.attempts = Math.max(outcome.attempts, opened.attempts);
    } catch (error) {
      outcome.attempts = (error as { attempts?: number }).attempts ?? 1;
      outcome.error = `cannot read ${file} after ${outcome.attempts} attempt(s): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      return outcome;
    }
    const copies = planted ? 1 : scale;
    const reject = (entry: DeadLetter) => {
      outcome.rejected += copies;
      deadLetter(entry);
      if (!planted) outcome.wronglyRejected.push(entry);
    };
    await forEachRecord(
      absolute,
      async (record) => {
        outcome.read += copies;
        if (!validate(record.value)) {
          const reason = (validate.errors ?? [])
            .slice(0, 3)
            .map((e) =>
              e.keyword === 'additionalProperties'
                ? `unknown field "${String(e.params.additionalProperty)}"`
                : e.keyword === 'required'
                  ? `missing required field "${String(e.params.missingProperty)}"`
                  : `${e.instancePath.slice(1).replace(/\//g, '.') || 'record'} ${e.message ?? e.keyword}`,
            )
            .join('; ');
          return reject({ dataset: source.dataset, file, line: record.line, reason, record: record.value });
        }
        if (planted) outcome.wronglyAccepted.push({ file, line: record.line });
        outcome.accepted += copies;
        for (let k = 0; k < copies; k++) await writer.add(record.line, record.value, columns);
      },
      (problem) => {
        outcome.read += copies;
        reject({ dataset: source.dataset, file, line: problem.line, reason: problem.message, record: null });
      },
    );
  }
  return outcome;
}
