import type * as TS from 'typescript';

// Loaded on first use: `plan` commands that never read code do not pay for the compiler.
let loaded: typeof TS | undefined;
const typescript = () => (loaded ??= require('typescript') as typeof TS);

/**
 * What a service's code does across its boundary, read from the TypeScript syntax tree (never
 * run): `x.publish('event', …)`, `x.subscribe('event', …)` and `x.request('callee', 'METHOD',
 * '/path' | `/path/${id}`, …)`. Only string literals and templates count: a computed name or path
 * is reported as something the check cannot compare.
 */
export interface CodeCall {
  kind: 'publish' | 'subscribe' | 'request' | 'dynamic';
  line: number;
  column: number;
  /** publish/subscribe: the event; request: the callee service. */
  target?: string;
  method?: string;
  /** Path with `${…}` replaced by `{}`. */
  path?: string;
  /** Position of the path (or event) argument. */
  argLine?: number;
  argColumn?: number;
}

const NAMES = new Set(['publish', 'subscribe', 'request']);

function literal(node: TS.Expression | undefined): string | undefined {
  const ts = typescript();
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `{}${s.literal.text}`).join('');
  return undefined;
}

export function readCodeCalls(fileName: string, text: string): CodeCall[] {
  const ts = typescript();
  const source = ts.createSourceFile(
    fileName,
    text,
    // JSDoc is never read here, and not parsing it avoids TypeScript's JSDoc scanner, which loops
    // forever on an unterminated doc comment ending in a hyphenated word (`/** a-bc` at the end of
    // a file; microsoft/TypeScript#63580, TypeScript 5.5 to 5.9): found by tools/fuzz/event-flow.ts.
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : undefined,
  );
  const calls: CodeCall[] = [];
  const pos = (node: TS.Node) => {
    const p = source.getLineAndCharacterOfPosition(node.getStart(source));
    return { line: p.line + 1, column: p.character + 1 };
  };
  const visit = (node: TS.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && NAMES.has(node.expression.name.text)) {
      const name = node.expression.name.text as 'publish' | 'subscribe' | 'request';
      const at = pos(node.expression.name);
      const [first, second, third] = node.arguments;
      if (name === 'request') {
        const callee = literal(first);
        const method = literal(second);
        const path = literal(third);
        // request(...) with other shapes (fetch-like clients) is not a service call of this convention.
        if (callee !== undefined && method !== undefined) {
          if (path === undefined) calls.push({ kind: 'dynamic', ...at, target: callee });
          else
            calls.push({ kind: 'request', ...at, target: callee, method: method.toUpperCase(), path: path.split('?')[0], ...arg(third!) });
        }
      } else if (first) {
        const event = literal(first);
        if (event === undefined) calls.push({ kind: 'dynamic', ...at });
        else calls.push({ kind: name, ...at, target: event, ...arg(first) });
      }
    }
    ts.forEachChild(node, visit);
  };
  const arg = (node: TS.Node) => {
    const p = pos(node);
    return { argLine: p.line, argColumn: p.column };
  };
  visit(source);
  return calls;
}
