import type { OpenApiDocument } from '../openapi-contract';

/**
 * What the web app needs of an OpenAPI contract, read from the document object: every operation
 * (for the typed client), named schemas (for TypeScript types) and the resources (a collection
 * path and its item path, for pages and forms). Everything printed into code later is either an
 * identifier checked here or a JSON string literal.
 */
export interface ClientOperation {
  operationId: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: { name: string; type: string; required: boolean }[];
  bodyType?: string;
  resultType: string;
  summary: string;
}

export interface FormField {
  name: string;
  label: string;
  type: 'string' | 'integer' | 'boolean';
  required: boolean;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  defaultValue?: string | number | boolean;
}

export interface WebResource {
  /** Path segment, e.g. boards. */
  name: string;
  label: string;
  singular: string;
  summary: string;
  /** Name of the stored item's schema, e.g. Board. */
  itemType: string;
  fields: FormField[];
  ops: { list: string; create: string; get: string; update: string; delete: string };
}

export interface ApiModel {
  operations: ClientOperation[];
  schemas: Record<string, Record<string, unknown>>;
  resources: WebResource[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function identifier(value: unknown, what: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value))
    throw new Error(`The contract's ${what} ${JSON.stringify(value)} is not a TypeScript identifier.`);
  return value;
}

const refName = (schema: unknown): string | undefined => {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
};

const deref = (doc: OpenApiDocument, node: any): any => {
  const ref = node?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  return ref
    .slice(2)
    .split('/')
    .reduce((at: any, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
};

const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ');
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function apiModel(doc: OpenApiDocument): ApiModel {
  const schemas: Record<string, Record<string, unknown>> = {};
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}))
    schemas[identifier(name, 'schema name')] = schema as Record<string, unknown>;
  const operations: ClientOperation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    const shared: any[] = item.parameters ?? [];
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...shared, ...(op.parameters ?? [])].map((p) => deref(doc, p));
      const success = Object.entries<any>(op.responses ?? {}).find(([status]) => /^2/.test(status));
      const json = success && deref(doc, success[1])?.content?.['application/json'];
      const body = deref(doc, op.requestBody)?.content?.['application/json'];
      operations.push({
        operationId: identifier(op.operationId, `operationId of ${method.toUpperCase()} ${path}`),
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => identifier(p.name, 'path parameter')),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({
            name: identifier(p.name, 'query parameter'),
            type: p.schema?.type === 'integer' ? 'number' : 'string',
            required: !!p.required,
          })),
        bodyType: body ? (refName(body.schema) ?? 'Record<string, unknown>') : undefined,
        resultType: json ? (refName(json.schema) ?? 'unknown') : 'void',
        summary: typeof op.summary === 'string' ? op.summary : `${method.toUpperCase()} ${path}`,
      });
    }
  }
  return { operations, schemas, resources: resourcesOf(doc, operations) };
}

/** A collection path (`/v1/boards`) with list + create, and its item path (`/v1/boards/{boardId}`) with get, update, delete. */
function resourcesOf(doc: OpenApiDocument, operations: ClientOperation[]): WebResource[] {
  const out: WebResource[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    if (path.includes('{')) continue;
    const itemPath = Object.keys(doc.paths).find((p) =>
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\{[^/{}]+\\}$`).test(p),
    );
    if (!itemPath || !item.get || !item.post) continue;
    const find = (p: string, m: string) => operations.find((o) => o.path === p && o.method === m)?.operationId;
    const update = find(itemPath, 'PATCH') ?? find(itemPath, 'PUT');
    const [list, create, get, remove] = [find(path, 'GET'), find(path, 'POST'), find(itemPath, 'GET'), find(itemPath, 'DELETE')];
    if (!list || !create || !get || !update || !remove) continue;
    const name = path.split('/').pop() as string;
    const createOp = operations.find((o) => o.operationId === create) as ClientOperation;
    const itemType = operations.find((o) => o.operationId === get)?.resultType ?? 'unknown';
    const createSchema = createOp.bodyType ? (doc.components?.schemas?.[createOp.bodyType] as any) : undefined;
    const required: string[] = createSchema?.required ?? [];
    const fields: FormField[] = Object.entries<any>(createSchema?.properties ?? {}).map(([field, s]) => ({
      name: identifier(field, 'property'),
      label: capitalise(words(field).toLowerCase()),
      type: s.type === 'integer' || s.type === 'number' ? 'integer' : s.type === 'boolean' ? 'boolean' : 'string',
      required: required.includes(field),
      ...(Array.isArray(s.enum) ? { enum: s.enum.map(String) } : {}),
      ...(typeof s.minimum === 'number' ? { minimum: s.minimum } : {}),
      ...(typeof s.maximum === 'number' ? { maximum: s.maximum } : {}),
      ...(typeof s.minLength === 'number' ? { minLength: s.minLength } : {}),
      ...(typeof s.maxLength === 'number' ? { maxLength: s.maxLength } : {}),
      ...(typeof s.pattern === 'string' ? { pattern: s.pattern } : {}),
      ...(s.default !== undefined ? { defaultValue: s.default } : {}),
    }));
    out.push({
      name,
      label: capitalise(words(name)),
      singular: capitalise(words(itemType)),
      summary: typeof item.get.summary === 'string' ? item.get.summary : `All ${words(name)}`,
      itemType,
      fields,
      ops: { list, create, get, update, delete: remove },
    });
  }
  return out;
}
