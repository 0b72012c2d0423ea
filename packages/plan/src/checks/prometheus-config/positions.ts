import { isScalar, LineCounter, parseDocument, visit } from 'yaml';

/**
 * Completes promtool's positions from the file itself: a line without a column points at the
 * line's first non-blank character; a message without a line that quotes a value ("15x", job
 * name "a") points at that value in the YAML (the last occurrence for duplicates).
 */
export function refine(
  text: string | undefined,
  problem: { message: string; line?: number; column?: number },
): { line?: number; column?: number } {
  if (text === undefined) return { line: problem.line, column: problem.column };
  if (problem.line !== undefined) {
    if (problem.column !== undefined) return { line: problem.line, column: problem.column };
    const content = text.split('\n')[problem.line - 1];
    const indent = content === undefined ? 0 : content.length - content.trimStart().length;
    return { line: problem.line, column: indent + 1 };
  }
  const quoted = [...problem.message.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  if (quoted.length === 0) return {};
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    const hits: number[] = [];
    const wanted = quoted[quoted.length - 1];
    visit(doc, {
      Scalar(_, node) {
        if (isScalar(node) && String(node.value) === wanted && node.range) hits.push(node.range[0]);
      },
    });
    if (hits.length === 0) return {};
    const offset = /multiple|duplicate/i.test(problem.message) ? hits[hits.length - 1] : hits[0];
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  } catch {
    return {};
  }
}
