import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { PlanDiagnostic } from './diagnostics';

/**
 * Reading a plan document as text: a size cap checked before the bytes are read, and strict UTF-8
 * (an invalid byte is reported at its line and column instead of becoming U+FFFD in file names and
 * messages).
 */

/** plan.yaml and PLAN.md are hand-written documents; the largest real one is a few dozen KiB. */
export const PLAN_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
/**
 * plan.yaml's own cap is lower: a hostile YAML file makes the parser report an error per token
 * (about 4 s per MiB measured), so 1 MiB bounds the worst case while staying 50 times the size of
 * the largest real plan.
 */
export const PLAN_YAML_MAX_BYTES = 1024 * 1024;

export type SourceText = { text: string; diagnostic?: undefined } | { text?: undefined; diagnostic: PlanDiagnostic };

/** Reads a document of at most `limit` bytes; the size is checked on the open file before reading it. */
export function readSourceFile(file: string, displayName: string, limit: number = PLAN_DOCUMENT_MAX_BYTES): SourceText {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const { size } = fstatSync(fd);
    if (size > limit) return { diagnostic: tooLarge(displayName, size, limit) };
    // One byte more than the limit, so that a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(Math.min(size, limit) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > limit) return { diagnostic: tooLarge(displayName, length, limit) };
    return decodeUtf8(buffer.subarray(0, length), displayName);
  } catch (error) {
    return { diagnostic: at(displayName, 1, 1, `Cannot read the file: ${(error as Error).message}`) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The size check for text already in memory (callers that got a string, not a file). */
export function checkTextSize(text: string, displayName: string, limit: number = PLAN_DOCUMENT_MAX_BYTES): PlanDiagnostic | undefined {
  // A UTF-16 unit is at most 3 UTF-8 bytes; count exactly only when it could matter.
  if (text.length * 3 <= limit) return undefined;
  const size = Buffer.byteLength(text, 'utf8');
  return size > limit ? tooLarge(displayName, size, limit) : undefined;
}

/** A document given as bytes (decoded strictly) or as text, within the size cap. */
export function sourceText(input: string | Uint8Array, displayName: string, limit: number = PLAN_DOCUMENT_MAX_BYTES): SourceText {
  if (typeof input === 'string') {
    const diagnostic = checkTextSize(input, displayName, limit);
    return diagnostic ? { diagnostic } : { text: input };
  }
  if (input.length > limit) return { diagnostic: tooLarge(displayName, input.length, limit) };
  return decodeUtf8(input, displayName);
}

/** Strict UTF-8 (a leading BOM is dropped); the first invalid byte is located for the diagnostic. */
export function decodeUtf8(bytes: Uint8Array, displayName: string): SourceText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.split('\n').length;
    const shown = [...bytes.subarray(offset, offset + 4)].map((b) => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`).join(' ');
    return {
      diagnostic: at(
        displayName,
        line,
        before.length - lineStart + 1,
        `Invalid UTF-8 at byte ${offset} (${shown}): save the file as UTF-8 (it looks like another encoding or binary data).`,
      ),
    };
  }
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence (the WHATWG decoder's rules:
 * no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

function tooLarge(file: string, size: number, limit: number): PlanDiagnostic {
  return at(
    file,
    1,
    1,
    `The file is too large: ${size} bytes, the limit is ${limit} bytes. A plan document this big is not a plan; check the path.`,
  );
}

function at(file: string, line: number, column: number, message: string): PlanDiagnostic {
  return { code: 'input', file, line, column, message };
}
