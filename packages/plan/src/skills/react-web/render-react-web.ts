import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import type { OpenApiDocument } from '../openapi-contract';
import { apiModel, ApiModel, ClientOperation, WebResource } from './api-model';

/**
 * The React + Vite + TypeScript app of a contract: the shell (routing, layout, OIDC sign-in,
 * generic list/form/detail pages, styles) from templates/skills/react-web, and generated from the
 * OpenAPI object: the schemas as TypeScript types, a typed client with one function per
 * operation, and one module per resource whose functions call those operations. Returns
 * plan-relative paths → content.
 */
export interface ReactWebOptions {
  /** kebab-case project name (page title, OIDC client id). */
  projectName: string;
  /** Free text shown on the home page. */
  title?: string;
  description?: string;
  contract: OpenApiDocument;
  /** OIDC issuer (the Keycloak realm) and the public client of the web app. */
  issuer: string;
  clientId?: string;
  /** Folder of the app inside the plan (default web). */
  dir?: string;
}

/** Port of the web app's image (nginx); compose publishes it on the host's loopback. */
export const WEB_IMAGE_PORT = 8081;

/** What the generated app needs installed (ranges that run on Node 20). */
export const REACT_WEB_DEPENDENCIES = {
  dependencies: {
    'oidc-client-ts': '~3.5.0',
    react: '~19.3.1',
    'react-dom': '~19.3.1',
    'react-router-dom': '~7.18.7',
  },
  devDependencies: {
    '@types/react': '~19.3.3',
    '@types/react-dom': '~19.3.0',
    '@vitejs/plugin-react': '~6.3.0',
    typescript: '~5.9.3',
    vite: '~8.4.0',
    // Lint and format (web/eslint.config.mjs, web/.prettierrc.json).
    '@eslint/js': '~10.0.1',
    eslint: '~10.15.0',
    'eslint-plugin-react-hooks': '~7.1.1',
    globals: '~17.14.0',
    prettier: '~3.10.1',
    'typescript-eslint': '~8.74.0',
  },
} as const;

const lit = (value: unknown) => JSON.stringify(value);
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function renderReactWeb(options: ReactWebOptions): Map<string, string> {
  if (!KEBAB.test(options.projectName)) throw new Error(`Invalid project name "${options.projectName}": use kebab-case.`);
  const dir = options.dir ?? 'web';
  const model = apiModel(options.contract);
  for (const r of model.resources)
    if (!KEBAB.test(r.name)) throw new Error(`The contract's collection path segment "${r.name}" is not kebab-case.`);
  const out = new Map<string, string>();
  const data = { projectName: options.projectName, port: WEB_IMAGE_PORT };
  for (const [file, content] of renderTemplateDir(templatesDir('skills', 'react-web', 'web'), data, {})) out.set(`${dir}/${file}`, content);
  out.set(`${dir}/package.json`, packageJson(options.projectName));
  out.set(`${dir}/src/app-info.ts`, appInfo(options, model));
  out.set(`${dir}/src/api/types.ts`, typesModule(model));
  out.set(`${dir}/src/api/client.ts`, clientModule(model));
  for (const r of model.resources) out.set(`${dir}/src/resources/${r.name}.ts`, resourceModule(r));
  out.set(`${dir}/src/resources/index.ts`, resourcesIndex(model.resources));
  return out;
}

/** The app's own package.json: what its image installs (the workspace installs the same at its root). */
function packageJson(projectName: string): string {
  const pkg = {
    name: `${projectName}-web`,
    private: true,
    type: 'module',
    scripts: {
      dev: 'vite --config vite.config.ts',
      build: 'vite build --config vite.config.ts',
      typecheck: 'tsc -p tsconfig.json',
      lint: 'eslint --config eslint.config.mjs .',
      format: 'prettier --write .',
    },
    dependencies: REACT_WEB_DEPENDENCIES.dependencies,
    devDependencies: REACT_WEB_DEPENDENCIES.devDependencies,
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function appInfo(options: ReactWebOptions, model: ApiModel): string {
  const scopes = new Set<string>();
  for (const [, item] of Object.entries<any>(options.contract.paths ?? {}))
    for (const op of Object.values<any>(item))
      for (const req of op?.security ?? []) for (const list of Object.values<any>(req)) for (const s of list) scopes.add(String(s));
  return `// Generated from the contract by plan (react-web skill). Values, not code: edit freely.
export const APP = {
  title: ${lit(options.title ?? options.projectName)},
  description: ${lit(options.description ?? `Manage ${model.resources.map((r) => r.name).join(', ')}.`)},
  oidc: {
    issuer: ${lit(options.issuer)},
    clientId: ${lit(options.clientId ?? `${options.projectName}-web`)},
    scopes: ${lit([...scopes].sort())} as readonly string[],
  },
} as const;
`;
}

/** JSON Schema (the subset the contract skill writes) → a TypeScript type expression. */
function tsType(schema: any): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop();
  if (Array.isArray(schema.enum)) return schema.enum.map(lit).join(' | ');
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const one = (t: string) =>
    t === 'string'
      ? 'string'
      : t === 'integer' || t === 'number'
        ? 'number'
        : t === 'boolean'
          ? 'boolean'
          : t === 'null'
            ? 'null'
            : t === 'array'
              ? `Array<${tsType(schema.items)}>`
              : t === 'object'
                ? objectType(schema)
                : 'unknown';
  return types.length ? types.map(one).join(' | ') : schema.properties ? objectType(schema) : 'unknown';
}

function objectType(schema: any): string {
  const required: string[] = schema.required ?? [];
  const props = Object.entries<any>(schema.properties ?? {}).map(([k, v]) => `${lit(k)}${required.includes(k) ? '' : '?'}: ${tsType(v)}`);
  return props.length ? `{ ${props.join('; ')} }` : 'Record<string, unknown>';
}

function typesModule(model: ApiModel): string {
  const lines = ['// Generated from the contract by plan (react-web skill): the components.schemas as TypeScript types.', ''];
  for (const [name, schema] of Object.entries(model.schemas)) {
    if (typeof schema.description === 'string') lines.push(`/** ${schema.description.replace(/\*\//g, '* /').replace(/\s+/g, ' ')} */`);
    lines.push(`export type ${name} = ${tsType(schema)};`, '');
  }
  return lines.join('\n');
}

function clientModule(model: ApiModel): string {
  const types = [
    ...new Set(model.operations.flatMap((o) => [o.bodyType, o.resultType]).filter((t): t is string => !!t && t in model.schemas)),
  ].sort();
  const methods = model.operations.map(clientMethod).join('\n\n');
  return `// Generated from the contract by plan (react-web skill): one function per operation.
// Regenerate instead of editing; the operation-coverage check compares it with the contract.
${types.length ? `import type { ${types.join(', ')} } from './types';\n` : ''}
/** A failed call: the problem details (RFC 9457) the API answered with. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(\`\${problem.title}\${problem.detail ? \`: \${problem.detail}\` : ''}\`);
    this.name = 'ApiError';
  }
}

let accessToken: string | undefined;
/** The signed-in user's token, sent as Authorization: Bearer (set by the auth provider). */
export function setAccessToken(token: string | undefined): void {
  accessToken = token;
}

const BASE = import.meta.env.VITE_API_BASE ?? '/api';

async function request<T>(method: string, path: string, options: { query?: Record<string, unknown>; body?: unknown } = {}): Promise<T> {
  const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined && v !== '');
  const url = BASE + path + (query.length ? \`?\${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}\` : '');
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (accessToken) headers.Authorization = \`Bearer \${accessToken}\`;
  const response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (data && typeof data === 'object' ? data : {}) as Partial<Problem>;
    throw new ApiError(response.status, { ...problem, title: problem.title ?? response.statusText ?? 'Request failed', status: response.status });
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { title: 'The API answered with something that is not JSON', detail: text.slice(0, 200) };
  }
}

const segment = (value: string) => encodeURIComponent(value);

export const api = {
${methods}
};
`;
}

function clientMethod(op: ClientOperation): string {
  const params = [
    ...op.pathParams.map((p) => `${p}: string`),
    ...(op.bodyType ? [`body: ${op.bodyType}`] : []),
    ...(op.queryParams.length
      ? [`query: { ${op.queryParams.map((q) => `${q.name}${q.required ? '' : '?'}: ${q.type}`).join('; ')} } = {}`]
      : []),
  ];
  const pathExpr = op.pathParams.length
    ? `\`${op.path.replace(/[`\\$]/g, '\\$&').replace(/\{([^{}]+)\}/g, (_, name: string) => `\${segment(${name})}`)}\``
    : lit(op.path);
  const extra = [op.queryParams.length ? 'query' : '', op.bodyType ? 'body' : ''].filter(Boolean);
  return `  /** ${op.summary.replace(/\*\//g, '* /').replace(/\s+/g, ' ')} (${op.method} ${op.path.replace(/\*\//g, '* /')}) */
  ${op.operationId}(${params.join(', ')}): Promise<${op.resultType}> {
    return request<${op.resultType}>(${lit(op.method)}, ${pathExpr}${extra.length ? `, { ${extra.join(', ')} }` : ''});
  },`;
}

function resourceModule(r: WebResource): string {
  const display = r.fields.find((f) => f.name === 'name' || f.name === 'title')?.name ?? r.fields[0]?.name;
  return `// Generated from the contract by plan (react-web skill): the ${r.name} pages call these operations.
import { api } from '../api/client';
import type { ${r.itemType} } from '../api/types';
import type { ResourceSpec } from './resource-spec';

export const ${camel(r.name)}: ResourceSpec<${r.itemType}> = {
  name: ${lit(r.name)},
  label: ${lit(r.label)},
  singular: ${lit(r.singular)},
  summary: ${lit(r.summary)},
  fields: ${JSON.stringify(r.fields, null, 2).replace(/\n/g, '\n  ')},
  title: (item) => String(${display ? `item[${lit(display)}] ?? item.id` : 'item.id'}),
  list: (cursor) => api.${r.ops.list}(${r.ops.list && 'cursor ? { cursor } : {}'}),
  create: (body) => api.${r.ops.create}(body as never),
  get: (id) => api.${r.ops.get}(id),
  update: (id, body) => api.${r.ops.update}(id, body as never),
  remove: (id) => api.${r.ops.delete}(id),
};
`;
}

function resourcesIndex(resources: WebResource[]): string {
  return `// Generated from the contract by plan (react-web skill).
import type { ResourceSpec, Stored } from './resource-spec';
${resources.map((r) => `import { ${camel(r.name)} } from './${r.name}';`).join('\n')}

export const RESOURCES = [${resources.map((r) => camel(r.name)).join(', ')}] as unknown as ResourceSpec<Stored & Record<string, unknown>>[];
`;
}
