/**
 * Text-level helpers for SQL files: psql-only lines (meta-commands, COPY data) that are not SQL,
 * and offset conversions. PostgreSQL and libpg_query report positions in characters (code points),
 * JavaScript strings index UTF-16 units, libpg_query's statement locations are UTF-8 bytes.
 */

export interface PsqlOnly {
  kind: 'meta-command' | 'copy-data';
  /** JS offset of the first character and the end (exclusive). */
  start: number;
  end: number;
  text: string;
}

/**
 * Finds psql meta-commands (`\c db`, `\connect`, `\restrict`, ...) and `COPY ... FROM stdin` data
 * blocks outside strings, identifiers, comments and dollar quotes, and returns the text with those
 * spans blanked (same length, newlines kept) so every offset and line stays valid.
 */
export function stripPsqlOnly(text: string): { sql: string; found: PsqlOnly[] } {
  const found: PsqlOnly[] = [];
  const out = text.split('');
  const blank = (start: number, end: number) => {
    for (let k = start; k < end; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  let i = 0;
  let statementStart = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      i = lineEnd(text, i);
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') (depth++, (i += 2));
        else if (text[i] === '*' && text[i + 1] === '/') (depth--, (i += 2));
        else i++;
      }
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1]) && (i < 2 || !/[A-Za-z0-9_]/.test(text[i - 2]));
      i++;
      while (i < n) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") {
          i++;
          break;
        } else i++;
      }
    } else if (c === '"') {
      i++;
      while (i < n) {
        if (text[i] === '"' && text[i + 1] === '"') i += 2;
        else if (text[i] === '"') {
          i++;
          break;
        } else i++;
      }
    } else if (c === '$' && (i === 0 || !/[A-Za-z0-9_$]/.test(text[i - 1]))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 65));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else i++;
    } else if (c === '\\') {
      const end = lineEnd(text, i);
      found.push({ kind: 'meta-command', start: i, end, text: text.slice(i, end).trim() });
      blank(i, end);
      i = end;
    } else if (c === ';') {
      const statement = text.slice(statementStart, i);
      const copyStart = skipSpaceAndComments(text, statementStart);
      i++;
      statementStart = i;
      if (/^\s*COPY\b[\s\S]*\bFROM\s+stdin\b/i.test(stripComments(statement))) {
        // psql streams the following lines up to `\.` as data: not SQL, so not applied.
        const dataStart = lineEnd(text, i) + 1;
        let k = dataStart;
        while (k < n && !/^\\\.\s*$/.test(text.slice(k, lineEnd(text, k)))) k = lineEnd(text, k) + 1;
        const dataEnd = Math.min(n, lineEnd(text, k));
        found.push({ kind: 'copy-data', start: copyStart, end: dataEnd, text: statement.trim() });
        blank(copyStart, dataEnd);
        i = dataEnd;
        statementStart = i;
      }
    } else i++;
  }
  return { sql: out.join(''), found };
}

function lineEnd(text: string, from: number): number {
  const k = text.indexOf('\n', from);
  return k < 0 ? text.length : k;
}

function stripComments(s: string): string {
  return s.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

/** JS offset of the `codePoints`-th code point (PostgreSQL / libpg_query character positions). */
export function jsOffsetOfCodePoint(text: string, codePoints: number): number {
  let js = 0;
  for (let cp = 0; cp < codePoints && js < text.length; cp++) {
    const unit = text.charCodeAt(js);
    js += unit >= 0xd800 && unit <= 0xdbff && js + 1 < text.length ? 2 : 1;
  }
  return js;
}

/** First offset at or after `from` that is not whitespace or a comment: where a statement really starts. */
export function skipSpaceAndComments(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('--', i)) i = lineEnd(text, i);
    else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else return i;
  }
}
