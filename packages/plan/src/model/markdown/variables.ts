import { SourceLine } from './blocks';

/**
 * Template variables of the seed formats: `{{ schema_name }}` (seed 000) and `[Project Name]`
 * (seed 001). A value fills a variable whose normalised name matches the given key, so
 * `project_name`, `Project Name` and `project-name` are the same variable.
 */

export interface Placeholder {
  /** The name as written, e.g. `schema_name` or `Project Name`. */
  name: string;
  /** The text as written, e.g. `{{ schema_name }}` or `[Project Name]`. */
  raw: string;
  line: number;
  column: number;
}

export function normaliseVariableName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const MUSTACHE = /\{\{\s*([^{}]*?)\s*\}\}/g;
/**
 * A bracket placeholder starts with a capital letter and is not a link (`[text](url)`), a
 * reference definition (`[x]:`) or a checkbox; number ranges such as `[4-8]` are estimates.
 * `[Name](Priority: High)` is a placeholder before a priority, not a link.
 */
const BRACKET = /\[([A-Z][^[\]\n]*)\](?!\((?!\s*[Pp]riority:)|[:[])/g;

/** Inline code spans, where `[...]` is code, not a placeholder (mustaches are still variables). */
function codeSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = /(`+)[^`]*?\1/g;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Every placeholder outside fenced code, in document order. */
export function findPlaceholders(lines: SourceLine[]): Placeholder[] {
  const found: Placeholder[] = [];
  for (const line of lines) {
    if (line.inFence || line.fenceOpen !== undefined) continue;
    const hits: Placeholder[] = [];
    for (const m of line.text.matchAll(MUSTACHE)) {
      if (m[1] !== '') hits.push({ name: m[1], raw: m[0], line: line.line, column: m.index! + 1 });
    }
    const spans = codeSpans(line.text);
    for (const m of line.text.matchAll(BRACKET)) {
      const at = m.index!;
      if (m[1] === 'X' || spans.some(([s, e]) => at >= s && at < e)) continue; // `[X]` is a ticked checkbox
      hits.push({ name: m[1], raw: m[0], line: line.line, column: at + 1 });
    }
    found.push(...hits.sort((a, b) => a.column - b.column));
  }
  return found;
}

/** Lines with every placeholder that has a value replaced by it; the rest stay as written. */
export function fillPlaceholders(lines: SourceLine[], values: Record<string, string>): { lines: SourceLine[]; unfilled: Placeholder[] } {
  const byName = new Map(Object.entries(values).map(([k, v]) => [normaliseVariableName(k), v]));
  const unfilled: Placeholder[] = [];
  const placeholders = findPlaceholders(lines);
  const perLine = new Map<number, Placeholder[]>();
  for (const p of placeholders) {
    const value = byName.get(normaliseVariableName(p.name));
    if (value === undefined) unfilled.push(p);
    else perLine.set(p.line, [...(perLine.get(p.line) ?? []), p]);
  }
  const filled = lines.map((line) => {
    const hits = perLine.get(line.line);
    if (!hits) return line;
    let text = line.text;
    // Right to left so earlier columns stay valid.
    for (const p of [...hits].sort((a, b) => b.column - a.column)) {
      const value = byName.get(normaliseVariableName(p.name))!;
      text = text.slice(0, p.column - 1) + value + text.slice(p.column - 1 + p.raw.length);
    }
    return { ...line, text };
  });
  return { lines: filled, unfilled };
}

/** The distinct variable names of a document (first spelling wins), for prompts and tests. */
export function variableNames(lines: SourceLine[]): string[] {
  const seen = new Map<string, string>();
  for (const p of findPlaceholders(lines)) {
    const key = normaliseVariableName(p.name);
    if (!seen.has(key)) seen.set(key, p.name);
  }
  return [...seen.values()];
}
