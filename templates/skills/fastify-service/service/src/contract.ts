import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The OpenAPI contract, read at start-up: routes, request validation, scopes and the response
 * schemas all come from it, so the service cannot drift from the contract silently.
 */

export type JsonSchema = Record<string, unknown>;

export interface ContractParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface ContractOperation {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the contract: /v1/payments/{paymentId}. */
  path: string;
  /** As Fastify routes it: /v1/payments/:paymentId. */
  url: string;
  parameters: ContractParameter[];
  requestBody?: { required: boolean; schema: JsonSchema };
  /** Status code → JSON body schema (undefined: no body). */
  responses: Map<number, JsonSchema | undefined>;
  /** Scopes any one of which grants access; empty: public. */
  scopes: string[];
}

export interface Contract {
  title: string;
  version: string;
  operations: ContractOperation[];
  /** The document as read, served at /openapi.json. */
  document: Record<string, unknown>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function loadContract(file: string): Contract {
  const document = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  if (!document || typeof document !== 'object' || typeof document.paths !== 'object') {
    throw new Error(`${file} is not an OpenAPI document (no paths).`);
  }
  const resolve = (value: unknown) => deref(document, value, 0);
  const operations: ContractOperation[] = [];
  for (const [path, rawItem] of Object.entries(document.paths as Record<string, any>)) {
    const item = resolve(rawItem) as Record<string, any>;
    for (const method of METHODS) {
      const op = item[method] as Record<string, any> | undefined;
      if (!op) continue;
      if (typeof op.operationId !== 'string') throw new Error(`${file}: ${method.toUpperCase()} ${path} has no operationId.`);
      const parameters = mergeParameters((item.parameters ?? []).map(resolve), (op.parameters ?? []).map(resolve));
      const body = op.requestBody ? (resolve(op.requestBody) as Record<string, any>) : undefined;
      const responses = new Map<number, JsonSchema | undefined>();
      for (const [status, raw] of Object.entries((op.responses ?? {}) as Record<string, unknown>)) {
        if (!/^\d{3}$/.test(status)) continue;
        const response = resolve(raw) as Record<string, any>;
        const media = response.content ? (Object.entries(response.content).find(([type]) => /json/.test(type))?.[1] as any) : undefined;
        responses.set(Number(status), media?.schema ? (resolve(media.schema) as JsonSchema) : undefined);
      }
      const security = (op.security ?? document.security ?? []) as Record<string, string[]>[];
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase() as ContractOperation['method'],
        path,
        url: path.replace(/\{([^}]+)\}/g, ':$1'),
        parameters,
        requestBody: body?.content?.['application/json']?.schema
          ? { required: body.required === true, schema: resolve(body.content['application/json'].schema) as JsonSchema }
          : undefined,
        responses,
        scopes: [...new Set(security.flatMap((requirement) => Object.values(requirement).flat()))],
      });
    }
  }
  return { title: String(document.info?.title ?? ''), version: String(document.info?.version ?? ''), operations, document };
}

function mergeParameters(pathLevel: any[], operationLevel: any[]): ContractParameter[] {
  const byKey = new Map<string, ContractParameter>();
  for (const p of [...pathLevel, ...operationLevel]) {
    byKey.set(`${p.in}:${p.name}`, { name: p.name, in: p.in, required: p.required === true, schema: (p.schema ?? {}) as JsonSchema });
  }
  return [...byKey.values()];
}

/** Inlines local `#/...` references (the contract is one file); stops runaway recursion. */
function deref(document: Record<string, unknown>, value: unknown, depth: number): unknown {
  if (depth > 50) throw new Error('The contract nests $refs more than 50 deep (a reference cycle?).');
  if (Array.isArray(value)) return value.map((v) => deref(document, v, depth + 1));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as Record<string, unknown>).$ref;
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported by the service (got ${ref}).`);
    const target = ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
    if (target === undefined) throw new Error(`The contract's $ref ${ref} points at nothing.`);
    return deref(document, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deref(document, v, depth + 1)]));
}
