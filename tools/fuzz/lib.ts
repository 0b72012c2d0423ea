/** Shared by the fuzz scripts: numeric CLI flags and a small deterministic PRNG. */

/** `--name <number>` from the command line, else `fallback`. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? NaN : Number(process.argv[i + 1]);
  return Number.isFinite(value) ? value : fallback;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text that terminals or editors act on: C0 and C1 controls, ANSI sequences, bidi overrides and isolates. */
export const HOSTILE_TEXT = [
  '\u0000',
  '\u0007',
  '\b',
  '\r',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001b[31m',
  '\u001b[2J\u001b[H',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '\u007f',
  '\u0085',
  '\u009b31m',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u2028',
  '\uFEFF',
  '\uD800',
  'é',
  '𝔘',
];

/** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, above U+10FFFF, truncated, Latin-1. */
export const INVALID_UTF8: number[][] = [
  [0x80],
  [0xc0, 0xaf],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0xff],
  [0xe9],
];

/** Bytes of `text` with an invalid UTF-8 sequence spliced in at a random point (or at the end, truncating a sequence). */
export function withInvalidUtf8(text: string, random: () => number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = Math.floor(random() * (bytes.length + 1));
  const bad = Buffer.from(INVALID_UTF8[Math.floor(random() * INVALID_UTF8.length)]);
  return Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
}

const UNSAFE_PRINTED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const STACK_FRAME = /\n\s+at .+(:\d+:\d+\)?|<anonymous>)|\b(TypeError|RangeError|ReferenceError|SyntaxError): /;

/** Why a printed diagnostic is not fit for a terminal (raw control characters, a stack trace), or undefined. */
export function printedProblem(printed: string): string | undefined {
  if (STACK_FRAME.test(printed)) return 'a stack trace or a raw JavaScript error in a diagnostic';
  const raw = UNSAFE_PRINTED.exec(printed);
  if (raw) return `an unescaped U+${raw[0].charCodeAt(0).toString(16).padStart(4, '0')} in a diagnostic`;
  return undefined;
}
