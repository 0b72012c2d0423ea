import type { Node, Tree } from 'web-tree-sitter';

/**
 * Endpoint analysis of one Python module's tree-sitter tree: which names hold a FastAPI app or an
 * APIRouter, which functions they decorate as path operations, and which of those lack type
 * annotations. Pure data comes out (no tree nodes), so the caller can free the tree.
 */

export const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'trace', 'api_route', 'websocket'] as const;
const ROUTE_METHOD_SET = new Set<string>(ROUTE_METHODS);
const APP_CLASSES = new Set(['FastAPI', 'APIRouter']);
/** Parameters that need no annotation (bound by Python, not by FastAPI). */
const IMPLICIT_PARAMETERS = new Set(['self', 'cls']);

export interface Position {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface AppObject extends Position {
  name: string;
  kind: 'FastAPI' | 'APIRouter';
  /** Assigned at module level (importable as `module:name`). */
  moduleLevel: boolean;
  /** Module-level function whose body creates it (an app factory), when not module level. */
  factory?: string;
}

export interface Endpoint extends Position {
  /** Upper-case HTTP methods, or `WEBSOCKET`. */
  methods: string[];
  path: string | null;
  function: string;
  /** The app/router variable the decorator hangs on. */
  object: string;
}

export interface AnnotationProblem extends Position {
  kind: 'parameter' | 'return';
  function: string;
  /** The parameter name (kind `parameter`). */
  parameter?: string;
  /** Its default value as written (`Depends(get_db)`), to suggest keeping it. */
  defaultText?: string;
}

export interface ModuleAnalysis {
  apps: AppObject[];
  endpoints: Endpoint[];
  problems: AnnotationProblem[];
  /** Uses `from . import x` style imports (so it must be imported as part of a package). */
  relativeImports: boolean;
  /** First component of every absolutely imported module (`from api.x import y` → `api`). */
  importedTopLevel: string[];
  /** tree-sitter met a syntax error (positions may then be approximate). */
  hasParseError: boolean;
}

function positionOf(node: Node): Position {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

/** `FastAPI`, `fastapi.FastAPI`, or a local alias of either → the class name. */
function appClassOf(call: Node, aliases: Map<string, string>): 'FastAPI' | 'APIRouter' | undefined {
  if (call.type !== 'call') return undefined;
  const callee = call.childForFieldName('function');
  let name: string | undefined;
  if (callee?.type === 'identifier') name = aliases.get(callee.text) ?? callee.text;
  else if (callee?.type === 'attribute') name = callee.childForFieldName('attribute')?.text;
  return name !== undefined && APP_CLASSES.has(name) ? (name as 'FastAPI' | 'APIRouter') : undefined;
}

/** The module-level function a node sits in, `null` at module level (classes count as nested). */
function enclosingScope(node: Node): { moduleLevel: boolean; topFunction?: string } {
  let topFunction: string | undefined;
  let nested = false;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition') {
      nested = true;
      if (p.type === 'function_definition' && p.parent?.type === 'module') topFunction = p.childForFieldName('name')?.text;
      else if (p.type === 'function_definition' && p.parent?.type === 'decorated_definition' && p.parent.parent?.type === 'module') {
        topFunction = p.childForFieldName('name')?.text;
      }
    }
  }
  return nested ? { moduleLevel: false, topFunction } : { moduleLevel: true };
}

/** The text inside a string literal (prefixes and quotes removed); concatenations joined. */
function stringValue(node: Node): string | null {
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => (c ? stringValue(c) : null));
    return parts.every((p) => p !== null) ? parts.join('') : null;
  }
  if (node.type !== 'string') return null;
  const match = /^[A-Za-z]*("""|'''|"|')([\s\S]*)\1$/.exec(node.text);
  return match ? match[2] : null;
}

function collectImports(root: Node, aliases: Map<string, string>, topLevel: Set<string>): boolean {
  let relative = false;
  for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!statement) continue;
    if (statement.type === 'import_from_statement') {
      const from = statement.childForFieldName('module_name');
      if (!from) continue;
      if (from.type === 'relative_import') {
        relative = true;
        continue;
      }
      const moduleName = from.text;
      topLevel.add(moduleName.split('.')[0]);
      if (moduleName === 'fastapi' || moduleName.startsWith('fastapi.')) {
        for (const imported of statement.childrenForFieldName('name')) {
          if (imported?.type !== 'aliased_import') continue;
          const original = imported.childForFieldName('name')?.text;
          const alias = imported.childForFieldName('alias')?.text;
          if (original && alias && APP_CLASSES.has(original)) aliases.set(alias, original);
        }
      }
    } else {
      for (const imported of statement.childrenForFieldName('name')) {
        const dotted = imported?.type === 'aliased_import' ? imported.childForFieldName('name') : imported;
        if (dotted) topLevel.add(dotted.text.split('.')[0]);
      }
    }
  }
  return relative;
}

function collectApps(root: Node, aliases: Map<string, string>): AppObject[] {
  const apps: AppObject[] = [];
  for (const assignment of root.descendantsOfType('assignment')) {
    if (!assignment) continue;
    // `a = b = FastAPI()` nests assignments: follow the right side to the value.
    let value = assignment.childForFieldName('right');
    while (value?.type === 'assignment') value = value.childForFieldName('right');
    const kind = value ? appClassOf(value, aliases) : undefined;
    const target = assignment.childForFieldName('left');
    if (!kind || target?.type !== 'identifier') continue;
    const scope = enclosingScope(assignment);
    apps.push({ name: target.text, kind, moduleLevel: scope.moduleLevel, factory: scope.topFunction, ...positionOf(target) });
  }
  return apps;
}

interface RouteDecorator {
  object: string;
  method: string;
  path: string | null;
  methods: string[];
  responseModel: boolean;
}

function routeDecorator(decorator: Node, objects: Set<string>): RouteDecorator | undefined {
  const call = decorator.namedChildren.find((c) => c?.type === 'call');
  const callee = call?.childForFieldName('function');
  if (!call || callee?.type !== 'attribute') return undefined;
  const object = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  if (object?.type !== 'identifier' || !objects.has(object.text) || !method || !ROUTE_METHOD_SET.has(method)) return undefined;
  const route: RouteDecorator = { object: object.text, method, path: null, methods: [], responseModel: false };
  let positional = 0;
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!argument || argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (name === 'response_model') route.responseModel = true;
      else if (name === 'path' && value) route.path = stringValue(value);
      else if (name === 'methods' && value && (value.type === 'list' || value.type === 'tuple' || value.type === 'set')) {
        for (const item of value.namedChildren) {
          const text = item ? stringValue(item) : null;
          if (text) route.methods.push(text.toUpperCase());
        }
      }
    } else if (positional++ === 0) {
      route.path = stringValue(argument);
    }
  }
  if (method === 'websocket') route.methods = ['WEBSOCKET'];
  else if (method !== 'api_route') route.methods = [method.toUpperCase()];
  else if (route.methods.length === 0) route.methods = ['GET']; // FastAPI's default for api_route
  return route;
}

/** Parameters that FastAPI fills and that therefore need an annotation. */
function unannotatedParameters(parameters: Node): Array<{ name: string; node: Node; defaultText?: string }> {
  const missing: Array<{ name: string; node: Node; defaultText?: string }> = [];
  for (const parameter of parameters.namedChildren) {
    if (!parameter) continue;
    let nameNode: Node | null = null;
    if (parameter.type === 'identifier') nameNode = parameter;
    else if (parameter.type === 'default_parameter') nameNode = parameter.childForFieldName('name');
    // typed_parameter / typed_default_parameter are annotated; *args, **kwargs, `*`, `/` are exempt.
    if (nameNode?.type !== 'identifier' || IMPLICIT_PARAMETERS.has(nameNode.text)) continue;
    const value = parameter.type === 'default_parameter' ? parameter.childForFieldName('value')?.text : undefined;
    missing.push({ name: nameNode.text, node: parameter, defaultText: value && value.length <= 60 ? value : undefined });
  }
  return missing;
}

function collectEndpoints(root: Node, objects: Set<string>): { endpoints: Endpoint[]; problems: AnnotationProblem[] } {
  const endpoints: Endpoint[] = [];
  const problems: AnnotationProblem[] = [];
  if (objects.size === 0) return { endpoints, problems };
  for (const decorated of root.descendantsOfType('decorated_definition')) {
    const definition = decorated?.childForFieldName('definition');
    if (!decorated || definition?.type !== 'function_definition') continue;
    const routes: RouteDecorator[] = [];
    for (const decorator of decorated.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      const route = routeDecorator(decorator, objects);
      if (route) routes.push(route);
    }
    if (routes.length === 0) continue;
    const nameNode = definition.childForFieldName('name');
    const name = nameNode?.text ?? '<anonymous>';
    const at = positionOf(nameNode ?? definition);
    for (const route of routes) endpoints.push({ methods: route.methods, path: route.path, function: name, object: route.object, ...at });
    const parameters = definition.childForFieldName('parameters');
    for (const { name: parameter, node, defaultText } of parameters ? unannotatedParameters(parameters) : []) {
      problems.push({ kind: 'parameter', function: name, parameter, defaultText, ...positionOf(node) });
    }
    // Each HTTP route needs a return annotation unless it declares response_model=; websockets return nothing.
    const needsReturn = routes.some((r) => r.method !== 'websocket' && !r.responseModel);
    if (needsReturn && !definition.childForFieldName('return_type')) problems.push({ kind: 'return', function: name, ...at });
  }
  return { endpoints, problems };
}

export function analyseModule(tree: Tree): ModuleAnalysis {
  const root = tree.rootNode;
  const aliases = new Map<string, string>();
  const topLevel = new Set<string>();
  const relativeImports = collectImports(root, aliases, topLevel);
  const apps = collectApps(root, aliases);
  const { endpoints, problems } = collectEndpoints(root, new Set(apps.map((a) => a.name)));
  return { apps, endpoints, problems, relativeImports, importedTopLevel: [...topLevel], hasParseError: root.hasError };
}
