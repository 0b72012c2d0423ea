import { charOffsetOfByte } from '../../utils/positions';
import { jsOffsetOfCodePoint, skipSpaceAndComments } from './sql-text';

type LibPgQuery = typeof import('libpg-query');

export interface ParsedStatement {
  /** JS offsets in the SQL text: `start` is the first token (after whitespace and comments). */
  start: number;
  end: number;
  /** UTF-8 byte offset of `start` (node locations inside the statement are bytes). */
  byteStart: number;
  text: string;
  /** Node type, e.g. `CreateStmt`, `CreateExtensionStmt`. */
  kind: string;
  node: Record<string, any>;
}

export type ParseOutcome =
  { ok: true; statements: ParsedStatement[]; ms: number } | { ok: false; error: { offset: number; message: string }; ms: number };

let engine: Promise<LibPgQuery> | undefined;

/** libpg-query (the real PostgreSQL parser, wasm), loaded once per process on first use. */
function loadParser(): Promise<LibPgQuery> {
  engine ??= (async () => {
    const lib: LibPgQuery = require('libpg-query');
    await lib.loadModule();
    return lib;
  })();
  return engine;
}

/**
 * Parses SQL into statements with JS offsets. libpg_query's statement locations are UTF-8 byte
 * offsets (slice bytes, not the string: a non-ASCII identifier shifts them); its error cursor is
 * a character (code point) position.
 */
export async function parseSql(sql: string): Promise<ParseOutcome> {
  const lib = await loadParser();
  const started = performance.now();
  let tree: { stmts?: { stmt?: Record<string, any>; stmt_location?: number; stmt_len?: number }[] };
  try {
    tree = lib.parseSync(sql) as typeof tree;
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number; message?: string } }).sqlDetails;
    const message = details?.message ?? (error as Error).message;
    const offset =
      details?.cursorPosition !== undefined && details.cursorPosition >= 0 ? jsOffsetOfCodePoint(sql, details.cursorPosition) : 0;
    return { ok: false, error: { offset, message }, ms: performance.now() - started };
  }
  const bytes = Buffer.from(sql, 'utf8');
  const statements: ParsedStatement[] = [];
  // Walk the statements in order, converting byte offsets incrementally (linear, not quadratic).
  let byteCursor = 0;
  let charCursor = 0;
  const toChar = (byte: number) => {
    charCursor += bytes.subarray(byteCursor, byte).toString('utf8').length;
    byteCursor = byte;
    return charCursor;
  };
  for (const raw of tree.stmts ?? []) {
    const byteStart = raw.stmt_location ?? 0;
    const byteEnd = raw.stmt_len ? byteStart + raw.stmt_len : bytes.length;
    const rawStart = toChar(byteStart);
    const end = toChar(byteEnd);
    const start = Math.min(skipSpaceAndComments(sql, rawStart), end);
    const node = raw.stmt ?? {};
    const kind = Object.keys(node)[0] ?? 'Unknown';
    const startByte = byteStart + Buffer.byteLength(sql.slice(rawStart, start), 'utf8');
    statements.push({ start, end, byteStart: startByte, text: sql.slice(start, end), kind, node: node[kind] ?? {} });
  }
  return { ok: true, statements, ms: performance.now() - started };
}

/** JS offset in the SQL text of a byte `location` reported inside that statement's node. */
export function statementOffsetOfLocation(statement: ParsedStatement, location: number | undefined): number {
  if (location === undefined || location < statement.byteStart) return statement.start;
  return statement.start + charOffsetOfByte(statement.text, location - statement.byteStart);
}

/** Loads the parser now (bench and warm-up). */
export async function warmParser(): Promise<void> {
  await loadParser();
}
