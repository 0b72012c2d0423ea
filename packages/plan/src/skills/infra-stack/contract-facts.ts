import type { OpenApiDocument } from './stack';

/** Facts the infrastructure skills read from a contract object: its operations and scopes. */
export interface ContractRoute {
  /** The path as served (server base path + template). */
  path: string;
  /** Upper-case methods defined at this path, in HTTP_ORDER. */
  methods: string[];
  operations: { method: string; operationId?: string; scopes: string[]; summary?: string }[];
}

const HTTP_ORDER = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Path of the first server URL (`http://h/v1` → `/v1`), '' when there is none. */
export function basePath(doc: OpenApiDocument): string {
  const url = Array.isArray(doc.servers) && isObj(doc.servers[0]) && typeof doc.servers[0].url === 'string' ? doc.servers[0].url : '';
  return url
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
}

/** Every path of the contract with its operations (inline path items; `$ref`ed path items are not followed). */
export function contractRoutes(doc: OpenApiDocument): ContractRoute[] {
  const base = basePath(doc);
  const routes: ContractRoute[] = [];
  for (const [path, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!path.startsWith('/') || !isObj(item)) continue;
    const operations = HTTP_ORDER.filter((m) => isObj(item[m])).map((method) => {
      const op = item[method];
      return {
        method: method.toUpperCase(),
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        summary: typeof op.summary === 'string' ? op.summary : undefined,
        scopes: scopesOf(op.security ?? doc.security),
      };
    });
    if (operations.length > 0) routes.push({ path: base + path, methods: operations.map((o) => o.method), operations });
  }
  return routes;
}

function scopesOf(requirements: unknown): string[] {
  if (!Array.isArray(requirements)) return [];
  const scopes = new Set<string>();
  for (const requirement of requirements)
    if (isObj(requirement))
      for (const list of Object.values(requirement))
        if (Array.isArray(list)) list.forEach((s) => typeof s === 'string' && s && scopes.add(s));
  return [...scopes];
}

/** Every scope the contract's security requirements use (not `openid`), with the description its oauth2 flows give. */
export function contractScopes(doc: OpenApiDocument): { name: string; description: string }[] {
  const described = new Map<string, string>();
  const schemes = isObj(doc.components) && isObj(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  for (const scheme of Object.values(schemes))
    if (isObj(scheme) && isObj(scheme.flows))
      for (const flow of Object.values(scheme.flows))
        if (isObj(flow) && isObj(flow.scopes)) for (const [name, text] of Object.entries(flow.scopes)) described.set(name, String(text));
  const used = new Set<string>();
  for (const route of contractRoutes(doc)) for (const op of route.operations) op.scopes.forEach((s) => used.add(s));
  scopesOf(doc.security).forEach((s) => used.add(s));
  used.delete('openid');
  return [...used].sort().map((name) => ({ name, description: described.get(name) ?? name }));
}
