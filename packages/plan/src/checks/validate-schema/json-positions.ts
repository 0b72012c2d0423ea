import { isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { lineColAt } from '../../utils/positions';
import type { SpecPath } from './table-spec';

export interface Position {
  line: number;
  column: number;
}

export interface JsonDocument {
  /** The parsed value; undefined when the text is not valid JSON. */
  value?: unknown;
  /** Syntax errors (invalid JSON, duplicate keys) with positions. */
  errors: { message: string; position: Position }[];
  /** Position of a JSON path: the key or item it names, else the closest existing parent. */
  locate(path: SpecPath): Position;
}

/**
 * JSON with positions. JSON.parse decides validity (YAML accepts more than JSON); the `yaml`
 * package's CST-backed document (JSON is YAML 1.2) maps JSON paths to line:col and catches
 * duplicate keys, which JSON.parse silently resolves to the last one.
 */
export function parseJsonWithPositions(text: string): JsonDocument {
  const lineCounter = new LineCounter();
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = text.length - source.length;
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(Math.max(0, offset));
    return { line: p.line, column: p.col + (p.line === 1 ? shift : 0) };
  };
  const errors: JsonDocument['errors'] = [];
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    errors.push({
      message: `Invalid JSON: ${(error as Error).message}. Fix the syntax.`,
      position: jsonErrorPosition(source, (error as Error).message, shift),
    });
  }

  let root: Node | null = null;
  try {
    const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
    root = doc.contents as Node | null;
    if (value !== undefined) {
      for (const e of doc.errors) {
        if (e.code === 'DUPLICATE_KEY')
          errors.push({ message: `Duplicate key: ${firstLine(e.message)}. Keep one of them.`, position: at(e.pos[0]) });
      }
    }
  } catch {
    root = null;
  }

  const locate = (path: SpecPath): Position => {
    let node: unknown = root;
    let best = 0;
    for (let k = 0; k < path.length; k++) {
      const part = path[k];
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part);
        if (!pair) break;
        const key = pair.key as Node;
        best = key.range?.[0] ?? best;
        node = pair.value;
        if (k === path.length - 1) return at(best);
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part] as Node | undefined;
        if (!item) break;
        best = item.range?.[0] ?? best;
        node = item;
      } else break;
    }
    if (node === root && root && (root as Node).range) best = (root as Node).range![0];
    return at(best);
  };
  return { value, errors, locate };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\.$/, '');
}

/** JSON.parse messages carry "position N" (Node ≤ 20) or "line L column C" (Node ≥ 21). */
function jsonErrorPosition(text: string, message: string, shift: number): Position {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) + (Number(lc[1]) === 1 ? shift : 0) };
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : text.length;
  const p = lineColAt(text, offset);
  return { line: p.line, column: p.column + (p.line === 1 ? shift : 0) };
}
