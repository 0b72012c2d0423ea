import * as path from 'node:path';
import type * as TS from 'typescript';

/**
 * What a web source file does with the API, read from its syntax tree (no type checking, so a
 * file with type errors is still read): calls of the generated client's operations, literal
 * HTTP requests (fetch, request('GET', '/x'), http.get('/x')), and, in the client module itself,
 * the operations it defines.
 */

export interface Located {
  line: number;
  column: number;
}

/** `api.listBoards()` or `listBoards()` where `api` / `listBoards` come from the client module. */
export interface ClientCall extends Located {
  name: string;
  /**
   * A member call on an imported client object (`api.x()`, `client.api.x()`): x must be an
   * operation. A call of an imported function or of a module namespace's member may be a helper
   * (`setAccessToken()`): it counts when it names an operation and is not judged otherwise.
   */
  certain: boolean;
}

/** An HTTP request whose method and path are written in the source. `path` has `{}` for substitutions. */
export interface HttpCall extends Located {
  method: string;
  path: string;
  written: string;
}

export interface DynamicCall extends Located {
  callee: string;
}

export interface SourceUsage {
  clientCalls: ClientCall[];
  httpCalls: HttpCall[];
  /** Requests whose URL is computed: they cannot be compared with the contract. */
  dynamicCalls: DynamicCall[];
  /** Names of functions and methods defined in the file (used for the client module). */
  definitions: Map<string, Located>;
}

const HTTP_VERBS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

type Ts = typeof TS;
let loaded: Ts | undefined;
/** The compiler is loaded on first use: `plan files-exist` never pays for it. */
function ts(): Ts {
  loaded ??= require('typescript') as Ts;
  return loaded;
}

/** The absolute file an import specifier names, when it is relative (extension and /index optional). */
export function resolveImport(fromFile: string, specifier: string, exists: (file: string) => boolean): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => stem + e), ...SOURCE_EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find(exists);
}

export function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.some((e) => file.endsWith(e)) && !file.endsWith('.d.ts');
}

/**
 * Reads one file. `clientFile` is the absolute path of the generated client module; imports that
 * resolve to it mark the names through which its operations are called.
 */
export function readUsage(file: string, text: string, clientFile: string | undefined, exists: (file: string) => boolean): SourceUsage {
  const t = ts();
  const kind = file.endsWith('x')
    ? t.ScriptKind.TSX
    : file.endsWith('.js') || file.endsWith('.mjs') || file.endsWith('.cjs')
      ? t.ScriptKind.JS
      : t.ScriptKind.TS;
  // No JSDoc parsing: it is never read, and TypeScript's JSDoc scanner loops forever on `/** a-bc` at
  // the end of a file (microsoft/TypeScript#63580; see event-flow/code-usage.ts).
  const source = t.createSourceFile(
    file,
    text,
    { languageVersion: t.ScriptTarget.Latest, jsDocParsingMode: t.JSDocParsingMode.ParseNone },
    true,
    kind,
  );
  const at = (node: TS.Node): Located => {
    const pos = source.getLineAndCharacterOfPosition(node.getStart(source));
    return { line: pos.line + 1, column: pos.character + 1 };
  };

  // Names bound to the client module: `import { api } from './api/client'`, `import * as client from ...`.
  const clientObjects = new Set<string>();
  const namespaces = new Set<string>();
  const clientFunctions = new Map<string, string>();
  for (const statement of source.statements) {
    if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier) || !clientFile) continue;
    if (resolveImport(file, statement.moduleSpecifier.text, exists) !== clientFile) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) clientObjects.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && t.isNamespaceImport(bindings)) {
      clientObjects.add(bindings.name.text);
      namespaces.add(bindings.name.text);
    }
    if (bindings && t.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if (element.isTypeOnly) continue;
        // A named import is an object (api) or an operation function (listBoards): both are recorded.
        clientObjects.add(element.name.text);
        clientFunctions.set(element.name.text, (element.propertyName ?? element.name).text);
      }
    }
  }

  const usage: SourceUsage = { clientCalls: [], httpCalls: [], dynamicCalls: [], definitions: new Map() };
  const visit = (node: TS.Node): void => {
    if (t.isCallExpression(node)) readCall(node);
    recordDefinition(node);
    t.forEachChild(node, visit);
  };

  const recordDefinition = (node: TS.Node) => {
    const named =
      (t.isMethodDeclaration(node) || t.isFunctionDeclaration(node) || t.isPropertyAssignment(node) || t.isPropertyDeclaration(node)) &&
      node.name &&
      (t.isIdentifier(node.name) || t.isStringLiteral(node.name))
        ? node.name
        : t.isVariableDeclaration(node) && t.isIdentifier(node.name)
          ? node.name
          : undefined;
    if (named && !usage.definitions.has(named.text)) usage.definitions.set(named.text, at(named));
  };

  const readCall = (call: TS.CallExpression) => {
    const callee = call.expression;
    // Client operations.
    if (t.isPropertyAccessExpression(callee) && clientObjects.has(rootName(callee.expression) ?? '')) {
      const onNamespace = t.isIdentifier(callee.expression) && namespaces.has(callee.expression.text);
      usage.clientCalls.push({ name: callee.name.text, certain: !onNamespace, ...at(callee.name) });
    } else if (t.isIdentifier(callee) && clientFunctions.has(callee.text)) {
      usage.clientCalls.push({ name: clientFunctions.get(callee.text) as string, certain: false, ...at(callee) });
    }
    // Literal HTTP requests.
    const [first, second] = call.arguments;
    const calleeName = t.isIdentifier(callee) ? callee.text : t.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (calleeName === 'fetch') {
      const url = first && literalPath(first);
      if (url) usage.httpCalls.push({ method: methodOption(second) ?? 'get', ...url, ...at(call) });
      else if (first && !isInsideClient()) usage.dynamicCalls.push({ callee: 'fetch', ...at(call) });
      return;
    }
    const verb = first && stringValue(first)?.toLowerCase();
    if (verb && HTTP_VERBS.includes(verb) && second) {
      const url = literalPath(second);
      if (url) usage.httpCalls.push({ method: verb, ...url, ...at(call) });
      return;
    }
    if (calleeName && HTTP_VERBS.includes(calleeName) && t.isPropertyAccessExpression(callee) && first) {
      const url = literalPath(first);
      if (url) usage.httpCalls.push({ method: calleeName, ...url, ...at(call) });
    }
  };
  const isInsideClient = () => clientFile === file;
  /** `client.api` → `client`: the identifier a property chain starts from. */
  const rootName = (node: TS.Expression): string | undefined =>
    t.isIdentifier(node) ? node.text : t.isPropertyAccessExpression(node) ? rootName(node.expression) : undefined;

  const stringValue = (node: TS.Node): string | undefined =>
    t.isStringLiteral(node) || t.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;

  /** `/v1/boards/${id}` → `/v1/boards/{}`; a leading substitution (the base URL) is dropped; the query string too. */
  const literalPath = (node: TS.Node): { path: string; written: string } | undefined => {
    let written: string | undefined;
    let value: string | undefined;
    const plain = stringValue(node);
    if (plain !== undefined) {
      written = plain;
      value = plain.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
    } else if (t.isTemplateExpression(node)) {
      written = node.getText(source);
      value = node.head.text;
      node.templateSpans.forEach((span, i) => {
        value += i === 0 && node.head.text === '' ? '' : '{}';
        value += span.literal.text;
      });
    }
    if (value === undefined || written === undefined || !value.startsWith('/')) return undefined;
    return { path: value.replace(/[?#].*$/, ''), written };
  };

  const methodOption = (node: TS.Node | undefined): string | undefined => {
    if (!node || !t.isObjectLiteralExpression(node)) return undefined;
    for (const property of node.properties) {
      if (t.isPropertyAssignment(property) && t.isIdentifier(property.name) && property.name.text === 'method') {
        return stringValue(property.initializer)?.toLowerCase();
      }
    }
    return undefined;
  };

  visit(source);
  return usage;
}
