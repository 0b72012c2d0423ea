import { stringify } from 'yaml';

/**
 * The one place where option and document text becomes part of generated code. Each function
 * does one job for one language; templates receive them as `esc` (see render-templates.ts) and
 * use `<%- esc.x(value) %>`. `<%= %>` is reserved for values that are already inert (identifiers,
 * paths, numbers): it refuses anything else (inertOrThrow), so a template cannot paste free text
 * into code by accident.
 */

/**
 * Code points that change how a line or file is read, or that some parser refuses: C0 and C1
 * controls (line breaks, NUL, DEL, NEL), the Unicode line and paragraph separators, BOM and
 * non-characters, bidirectional overrides ("Trojan Source"), and unpaired surrogates.
 */
export function isUnsafeCodePoint(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    cp === 0xfeff ||
    cp === 0xfffe ||
    cp === 0xffff
  );
}

/** `\xNN` below U+0100, `\uXXXX` in the BMP: the spelling Python, YAML and JSON-ish readers share. */
function hexEscape(cp: number): string {
  return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

// for..of walks code points; an unpaired surrogate comes out alone, so it is escaped, not mangled.
function mapCodePoints(value: string, map: (char: string, cp: number) => string): string {
  let out = '';
  for (const char of value) out += map(char, char.codePointAt(0)!);
  return out;
}

const PYTHON_SIMPLE: Record<string, string> = { '\\': '\\\\', '"': '\\"', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The inside of a Python string literal, for either quote style and for docstrings: backslashes
 * and both quotes escaped (so `"""` cannot close a docstring), every unsafe code point as an escape.
 */
export function pythonText(value: string): string {
  return mapCodePoints(value, (char, cp) => PYTHON_SIMPLE[char] ?? (isUnsafeCodePoint(cp) ? hexEscape(cp) : char));
}

/** A Python string literal whose value is `value`, in the quote style of the surrounding code. */
export function pythonString(value: string, quote: '"' | "'" = '"'): string {
  return `${quote}${pythonText(value)}${quote}`;
}

/**
 * Text for one `#` comment line (Python, YAML, Dockerfile, shell): every unsafe code point,
 * line breaks above all, is spelled as a visible escape, so the text cannot start a new line.
 */
export function commentText(value: string): string {
  return mapCodePoints(value, (char, cp) => (isUnsafeCodePoint(cp) ? hexEscape(cp) : char));
}

/**
 * A YAML scalar whose value is `value` in any context (block or flow, YAML 1.1 and 1.2 readers):
 * the yaml library's choice of style, with YAML 1.1's booleans (yes/on/...) quoted for PyYAML,
 * Docker Compose and GitHub; never a block scalar; double-quoted with escapes when the text holds
 * flow indicators or characters a YAML reader refuses or reads as a line break (PyYAML: NEL,
 * U+2028/U+2029).
 */
export function yamlScalar(value: string): string {
  const unsafe = [...value].some((c) => isUnsafeCodePoint(c.codePointAt(0)!));
  const plain = stringify(value, { version: '1.1', lineWidth: 0, blockQuote: false }).replace(/\n$/, '');
  const flowUnsafe = !/^["']/.test(plain) && /[,[\]{}]/.test(plain);
  if (!unsafe && !flowUnsafe) return plain;
  const quoted = stringify(value, { version: '1.1', lineWidth: 0, blockQuote: false, defaultStringType: 'QUOTE_DOUBLE' }).replace(
    /\n$/,
    '',
  );
  // Inside a double-quoted scalar \uXXXX is an escape in every YAML version.
  return mapCodePoints(quoted, (char, cp) => (isUnsafeCodePoint(cp) ? `\\u${cp.toString(16).padStart(4, '0')}` : char));
}

/** What `<%= %>` may print: identifiers, paths, numbers and plain prose without any syntax. */
const INERT = /^[A-Za-z0-9 _.,:/()+=-]*$/;

/** The EJS `escape` of every template: prints inert values, refuses the rest (a template bug). */
export function inertOrThrow(value: unknown): string {
  const text = String(value);
  if (!INERT.test(text))
    throw new Error(
      `Template bug: ${JSON.stringify(text.slice(0, 80))} is not an identifier, path or number; print it with an esc.* helper and <%- %>.`,
    );
  return text;
}

/** The helpers templates receive as `esc`. */
// One argument each, so that `values.map(esc.py)` cannot pass an index as a second argument.
export const templateEscapes = {
  py: (value: string) => pythonString(value),
  pySingle: (value: string) => pythonString(value, "'"),
  pyText: (value: string) => pythonText(value),
  comment: (value: string) => commentText(value),
  yaml: (value: string) => yamlScalar(value),
} as const;
