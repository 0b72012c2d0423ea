import { CheckUsageError } from '../contract';

/** Bounds on what the check will read; every one can be raised with an option. */
export interface Limits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxCompressionRatio: number;
}

export const DEFAULT_LIMITS = { maxEntries: 20000, maxEntryMb: 512, maxTotalMb: 2048, maxCompressionRatio: 500 };

/** Entries smaller than this are never ratio-checked: tiny files compress absurdly well and are harmless. */
export const RATIO_MIN_BYTES = 1024 * 1024;

/** Texts kept in memory for validation (model.ini, domain files, modelDetails.json) are capped at this size. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

export function limitsFrom(options: {
  maxEntries?: unknown;
  maxEntryMb?: unknown;
  maxTotalMb?: unknown;
  maxCompressionRatio?: unknown;
}): Limits {
  const positive = (name: string, value: unknown, fallback: number): number => {
    if (value === undefined || value === null) return fallback;
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0)
      throw new CheckUsageError(`validate-mojo: option ${name} must be a positive number, got ${JSON.stringify(value)}.`);
    return n;
  };
  return {
    maxEntries: Math.floor(positive('maxEntries', options.maxEntries, DEFAULT_LIMITS.maxEntries)),
    maxEntryBytes: Math.floor(positive('maxEntryMb', options.maxEntryMb, DEFAULT_LIMITS.maxEntryMb) * 1024 * 1024),
    maxTotalBytes: Math.floor(positive('maxTotalMb', options.maxTotalMb, DEFAULT_LIMITS.maxTotalMb) * 1024 * 1024),
    maxCompressionRatio: positive('maxCompressionRatio', options.maxCompressionRatio, DEFAULT_LIMITS.maxCompressionRatio),
  };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 3 : 1)} MiB`;
}
