import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { fromPointer as pointerPath, offsetOf, toPlainValue, ValuePath } from '../yaml-paths';

export { toPointer } from '../yaml-paths';

/** A path inside a parsed value: object keys and array indexes. */
export type Segments = ValuePath;

export interface Position {
  line: number;
  column: number;
}

/** One YAML or JSON file of a contract, with what is needed to point at any of its nodes. */
export interface LoadedDocument {
  /** Absolute path. */
  file: string;
  /** The path as findings show it (as given, or relative to the document that referenced it). */
  display: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
}

export interface ParseProblem {
  message: string;
  position: Position;
}

/**
 * Parses YAML or JSON (JSON is YAML 1.2) keeping the source positions. Syntax errors and
 * duplicate keys are problems with a position; the value is only returned when there are none.
 */
export function parseContractText(text: string, file: string, display: string): { document?: LoadedDocument; problems: ParseProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const problems: ParseProblem[] = doc.errors.map((error) => ({
    message: firstLine(error.message),
    position: positionAt(lineCounter, error.pos[0]),
  }));
  if (problems.length > 0) return { problems };
  let value: unknown;
  try {
    value = toPlainValue(doc);
  } catch (error) {
    return { problems: [{ message: firstLine((error as Error).message), position: { line: 1, column: 1 } }] };
  }
  const cycle = aliasCycle(value);
  if (cycle) {
    const at = positionOf({ file, display, doc, lineCounter, value }, cycle, true);
    return {
      problems: [
        { message: 'an alias refers to a node that contains it: a contract must be a tree (use $ref for recursion)', position: at },
      ],
    };
  }
  return { document: { file, display, doc, lineCounter, value }, problems: [] };
}

/** Path of the first node that contains itself (a YAML alias to an ancestor), if any. */
function aliasCycle(root: unknown): Segments | undefined {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const visit = (value: unknown, at: Segments): Segments | undefined => {
    if (typeof value !== 'object' || value === null || done.has(value)) return undefined;
    if (onPath.has(value)) return at;
    onPath.add(value);
    for (const [key, child] of Object.entries(value)) {
      const found = visit(child, [...at, Array.isArray(value) ? Number(key) : key]);
      if (found) return found;
    }
    onPath.delete(value);
    done.add(value);
    return undefined;
  };
  return visit(root, []);
}

const firstLine = (message: string) => message.split('\n')[0];

function positionAt(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(Math.max(0, offset));
  return { line, column: col };
}

/**
 * Position of the node at `segments` (its key when `atKey` and the node is a map entry). A path
 * that leaves the document points at the deepest node that exists on the way (yaml-paths.ts).
 */
export function positionOf(document: LoadedDocument, segments: Segments, atKey = false): Position {
  return positionAt(document.lineCounter, offsetOf(document.doc, segments, atKey ? 'key' : 'value'));
}

/** Segments of an RFC 6901 pointer as found after `#` in a `$ref` (so percent-decoded too). */
export function fromPointer(pointer: string): Segments | undefined {
  return pointerPath(pointer, { uriFragment: true });
}

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

/** The value at `segments`, or `found: false`. Own properties only (`__proto__` is data). */
export function valueAt(root: unknown, segments: Segments): { found: boolean; value?: unknown } {
  let value: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(value)) {
      const index = Number(segment);
      if (!Number.isInteger(index) || index < 0 || index >= value.length || String(index) !== String(segment)) return { found: false };
      value = value[index];
    } else if (isRecord(value) && hasOwn(value, String(segment))) {
      value = value[String(segment)];
    } else return { found: false };
  }
  return { found: true, value };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
