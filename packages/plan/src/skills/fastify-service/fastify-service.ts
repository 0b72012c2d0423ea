import * as path from 'node:path';
import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { contractOperations, defaultIssuer, pathPrefix, resourceModels, type FieldModel, type ResourceModel } from '../openapi-contract';

/**
 * A TypeScript Fastify service implementing a contract built by the openapi-contract skill: the
 * generic part (routes and validation read from the contract at start-up, auth, rate limit,
 * metrics, health, circuit breaker, database) once, and per resource its migration, repository
 * and one handler module per operation. Returns service-folder-prefixed paths → content.
 */
export interface FastifyServiceOptions {
  /** kebab-case service name. */
  serviceName: string;
  resources: readonly string[];
  version?: string;
  /** Folder of the service, relative to the plan (default `api`). */
  dir?: string;
  /** The contract, relative to the plan (default `contracts/openapi.yaml`). */
  contractPath?: string;
  issuer?: string;
}

/** What the generated service needs installed (exact minor ranges that run on Node 20). */
export const FASTIFY_SERVICE_DEPENDENCIES = {
  dependencies: {
    '@electric-sql/pglite': '~0.5.16',
    '@fastify/rate-limit': '~11.2.0',
    ajv: '~8.20.0',
    'ajv-formats': '~3.0.1',
    fastify: '~5.12.8',
    jose: '~6.2.18',
    opossum: '~9.0.0',
    pg: '~8.23.1',
    'prom-client': '~15.1.3',
    yaml: '~2.9.1',
  },
  devDependencies: {
    '@types/node': '~20.19.0',
    '@types/opossum': '~8.1.9',
    '@types/pg': '~8.23.1',
    tsx: '~4.23.15',
    typescript: '~5.9.3',
  },
} as const;

/** The test files of the service, one per concern, so each plan item can run exactly its own. */
export const SERVICE_TESTS = {
  unit: 'test/unit.test.ts',
  auth: 'test/auth.test.ts',
  repositories: 'test/repositories.test.ts',
  endpoints: 'test/endpoints.test.ts',
  validation: 'test/validation.test.ts',
  rateLimit: 'test/rate-limit.test.ts',
  health: 'test/health.test.ts',
  metrics: 'test/metrics.test.ts',
} as const;

interface FieldView {
  name: string;
  column: string;
  optional: boolean;
  required: boolean;
  tsType: string;
  rowType: string;
  cast: string;
  insertValue: string;
}

const literal = (value: string | number | boolean) => (typeof value === 'string' ? `'${value.replace(/[\\']/g, '\\$&')}'` : String(value));

function tsTypeOf(field: FieldModel): string {
  if (field.enum) return field.enum.map(literal).join(' | ');
  return field.type === 'integer' ? 'number' : field.type;
}

function sqlColumn(field: FieldModel): string {
  const type = field.type === 'integer' ? 'integer' : field.type === 'boolean' ? 'boolean' : 'text';
  const checks: string[] = [];
  if (field.minimum !== undefined) checks.push(`${field.column} >= ${field.minimum}`);
  if (field.maximum !== undefined) checks.push(`${field.column} <= ${field.maximum}`);
  if (field.minLength !== undefined) checks.push(`char_length(${field.column}) >= ${field.minLength}`);
  if (field.maxLength !== undefined) checks.push(`char_length(${field.column}) <= ${field.maxLength}`);
  if (field.pattern !== undefined) checks.push(`${field.column} ~ ${literal(field.pattern)}`);
  if (field.enum) checks.push(`${field.column} IN (${field.enum.map(literal).join(', ')})`);
  const notNull = field.required || field.default !== undefined ? ' NOT NULL' : '';
  const byDefault = field.default !== undefined ? ` DEFAULT ${literal(field.default)}` : '';
  return `${field.column} ${type}${notNull}${byDefault}${checks.length ? ` CHECK (${checks.join(' AND ')})` : ''}`;
}

function fieldView(field: FieldModel): FieldView {
  const optional = !field.required && field.default === undefined;
  const tsType = tsTypeOf(field);
  return {
    name: field.name,
    column: field.column,
    optional,
    required: field.required,
    tsType,
    rowType: optional ? `${tsType} | null` : tsType,
    cast: '',
    insertValue:
      field.default !== undefined
        ? `input.${field.name} ?? ${literal(field.default)}`
        : optional
          ? `input.${field.name} ?? null`
          : `input.${field.name}`,
  };
}

export function renderFastifyService(options: FastifyServiceOptions): Map<string, string> {
  const dir = options.dir ?? 'api';
  const contractPath = options.contractPath ?? 'contracts/openapi.yaml';
  const version = options.version ?? '1.0.0';
  const resources = resourceModels(options.resources);
  const operations = contractOperations({ resources: options.resources, version });
  const contractFromSrc = path.posix.relative(path.posix.join(dir, 'src'), contractPath);
  const out = new Map<string, string>();
  const add = (files: Map<string, string>) => {
    for (const [file, content] of files) out.set(`${dir}/${file}`, content);
  };

  const packageJson = {
    name: `${options.serviceName}-api`,
    private: true,
    type: 'module',
    description: `The ${options.serviceName} service, implementing ${contractPath}`,
    scripts: {
      start: 'tsx src/server.ts',
      typecheck: 'tsc -p tsconfig.json',
      test: 'tsx --test test/*.test.ts',
    },
    dependencies: FASTIFY_SERVICE_DEPENDENCIES.dependencies,
    devDependencies: FASTIFY_SERVICE_DEPENDENCIES.devDependencies,
  };
  add(
    renderTemplateDir(
      templatesDir('skills', 'fastify-service', 'service'),
      {
        service: { name: options.serviceName },
        issuer: options.issuer ?? defaultIssuer(options.serviceName),
        contractFromSrc,
        json: `${JSON.stringify(packageJson, null, 2)}`,
      },
      {},
    ),
  );

  const prefix = pathPrefix(version);
  resources.forEach((r: ResourceModel, index) => {
    const fields = r.fields.map(fieldView);
    const ops = operations.filter((o) => o.resource === r.name);
    const opView = (operationId: string) => {
      const o = ops.find((x) => x.operationId === operationId)!;
      return { method: o.method.toUpperCase(), path: o.path };
    };
    const view = {
      fields,
      columns: r.fields.map(sqlColumn),
      columnList: ['id', ...r.fields.map((f) => f.column), 'created_at', 'updated_at'].join(', '),
    };
    const camelPlural = r.pascalPlural.charAt(0).toLowerCase() + r.pascalPlural.slice(1);
    add(
      renderTemplateDir(
        templatesDir('skills', 'fastify-service', 'resource'),
        {
          r: { ...r, camelPlural },
          view,
          prefix,
          op: {
            list: opView(r.operationIds.list),
            create: opView(r.operationIds.create),
            get: opView(r.operationIds.get),
            update: opView(r.operationIds.update),
            delete: opView(r.operationIds.delete),
          },
        },
        {
          name: r.name,
          migration: `${String(index + 1).padStart(4, '0')}_create_${r.table}`,
          list: r.operationIds.list,
          create: r.operationIds.create,
          get: r.operationIds.get,
          update: r.operationIds.update,
          delete: r.operationIds.delete,
        },
      ),
    );
  });
  return out;
}
