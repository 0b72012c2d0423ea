import type { OpenApiDocument } from '../openapi-contract';

/**
 * TypeScript source of a typed client for an OpenAPI 3.1 contract, written by our own code at
 * generation time: an interface per component schema, and one method per operation, named by its
 * operationId, taking its path parameters, its query and its body, returning its first 2xx body.
 * Every name printed is checked to be an identifier (or quoted as a property); literals are JSON.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`The contract's ${what} "${name}" is not a TypeScript identifier.`);
  return name;
}

const propertyKey = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

function refName(ref: string): string {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`The SDK generator follows only #/components/schemas/ references (got ${ref}).`);
  return identifier(match[1], 'schema name');
}

/** The TypeScript type of a JSON Schema (the subset contracts use). */
export function typeOf(schema: unknown, indent = ''): string {
  if (!isObj(schema)) return 'unknown';
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if (Array.isArray(schema.enum)) return schema.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(schema.oneOf ?? schema.anyOf)) return (schema.oneOf ?? schema.anyOf).map((s: unknown) => typeOf(s, indent)).join(' | ');
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return types.map((t) => typeOf({ ...schema, type: t }, indent)).join(' | ');
  switch (types[0]) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${wrap(typeOf(schema.items, indent))}[]`;
    case 'object':
    case undefined:
      if (!isObj(schema.properties)) return 'Record<string, unknown>';
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

const wrap = (type: string) => (/[ |]/.test(type) ? `(${type})` : type);

function objectType(schema: Record<string, any>, indent: string): string {
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  const lines = Object.entries(schema.properties as Record<string, unknown>).map(([name, property]) => {
    const doc = isObj(property) && typeof property.description === 'string' ? `${indent}  /** ${comment(property.description)} */\n` : '';
    const readonly = isObj(property) && property.readOnly ? 'readonly ' : '';
    return `${doc}${indent}  ${readonly}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, `${indent}  `)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** Text safe inside a block comment on one line. */
const comment = (text: string) => text.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]+/g, ' ');

interface SdkOperation {
  operationId: string;
  method: string;
  path: string;
  summary?: string;
  pathParams: string[];
  query: { name: string; required: boolean; type: string }[];
  body?: { type: string; required: boolean };
  result: string;
}

function resolveParameter(doc: OpenApiDocument, p: unknown): Record<string, any> {
  if (isObj(p) && typeof p.$ref === 'string') {
    const name = /^#\/components\/parameters\/([^/]+)$/.exec(p.$ref)?.[1];
    const target = name ? doc.components?.parameters?.[name] : undefined;
    if (!isObj(target)) throw new Error(`Unresolvable parameter reference ${p.$ref}.`);
    return target;
  }
  return isObj(p) ? p : {};
}

export function sdkOperations(doc: OpenApiDocument): SdkOperation[] {
  const out: SdkOperation[] = [];
  for (const [path, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: unknown) => resolveParameter(doc, p));
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => identifier(m[1], 'path parameter'));
      const query = parameters
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: String(p.name), required: p.required === true, type: typeOf(p.schema) }));
      const json = op.requestBody?.content?.['application/json'];
      const success = Object.entries((op.responses ?? {}) as Record<string, any>).find(([status]) => /^2\d\d$/.test(status));
      const successSchema = success?.[1]?.content?.['application/json']?.schema;
      out.push({
        operationId: identifier(String(op.operationId), 'operationId'),
        method: method.toUpperCase(),
        path,
        summary: typeof op.summary === 'string' ? op.summary : undefined,
        pathParams,
        query,
        body: json ? { type: typeOf(json.schema), required: op.requestBody.required === true } : undefined,
        result: successSchema ? typeOf(successSchema) : 'void',
      });
    }
  }
  return out;
}

function methodCode(op: SdkOperation): string {
  const args = [
    ...op.pathParams.map((p) => `${p}: string`),
    ...(op.body ? [`body: ${op.body.type}`] : []),
    ...(op.query.length
      ? [`query: { ${op.query.map((q) => `${propertyKey(q.name)}${q.required ? '' : '?'}: ${q.type}`).join('; ')} } = {}`]
      : []),
  ];
  const url = '`' + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => '${encodeURIComponent(' + name + ')}') + '`';
  const options = [...(op.query.length ? ['query'] : []), ...(op.body ? ['body'] : [])];
  const doc = op.summary ? `    /** ${comment(op.summary)} (${op.method} ${comment(op.path)}) */\n` : '';
  return `${doc}    ${op.operationId}: (${args.join(', ')}): Promise<${op.result}> =>\n      call<${op.result}>('${op.method}', ${url}${options.length ? `, { ${options.join(', ')} }` : ''}),`;
}

export function sdkSource(doc: OpenApiDocument): string {
  const schemas = isObj(doc.components?.schemas) ? (doc.components.schemas as Record<string, unknown>) : {};
  const types = Object.entries(schemas).map(([name, schema]) => {
    const description = isObj(schema) && typeof schema.description === 'string' ? `/** ${comment(schema.description)} */\n` : '';
    return `${description}export type ${identifier(name, 'schema name')} = ${typeOf(schema)};`;
  });
  const operations = sdkOperations(doc);
  return `// Generated from the contract (contracts/openapi.yaml) by plan's SDK generator: regenerate, do not edit by hand.
// ${comment(String(doc.info?.title ?? 'API'))} ${comment(String(doc.info?.version ?? ''))}

${types.join('\n\n')}

/** How the client reaches the API. */
export interface ClientOptions {
  /** e.g. http://127.0.0.1:3000 (no version prefix: the paths carry it). */
  baseUrl: string;
  /** Bearer token, or a function returning one per request (refreshing tokens). */
  token?: string | (() => string | Promise<string>);
  fetch?: typeof fetch;
}

/** A non-2xx answer; \`problem\` is its RFC 9457 body when the API sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly operation: string,
  ) {
    super(\`\${operation} failed with \${status}\${problem?.detail ? \`: \${problem.detail}\` : ''}\`);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export function createClient(options: ClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\\/$/, '');
  async function call<T>(method: string, path: string, init: { query?: Query; body?: unknown } = {}): Promise<T> {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(init.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if (token) headers.authorization = \`Bearer \${token}\`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await doFetch(url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    const text = await response.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) throw new ApiError(response.status, data as Problem | undefined, \`\${method} \${path}\`);
    return data as T;
  }
  return {
${operations.map(methodCode).join('\n')}
  };
}

export type Client = ReturnType<typeof createClient>;
`;
}
