import { FieldModel, ResourceModel, resourceModels } from './resource-model';

/**
 * The OpenAPI 3.1 contract of a service, built as a plain object from its resources: CRUD per
 * resource under a versioned path (/v1/payments, /v1/payments/{paymentId}), schemas with
 * examples, RFC 9457 problem details for every error, OAuth2 / OpenID Connect security with a
 * read and a write scope per resource, and cursor pagination. Every other skill (service, mock,
 * SDK, gateway, realm, load and Pact tests) starts from this object or the YAML rendered from it.
 */

export interface ContractOptions {
  /** kebab-case service name, e.g. `payments`. */
  serviceName: string;
  resources: readonly string[];
  /** Semantic version of the API; its major gives the path prefix (/v1). Default 1.0.0. */
  version?: string;
  /** info.title; default from the service name. Free text (the YAML renderer escapes it). */
  title?: string;
  /** info.description. Free text. */
  description?: string;
  /** OIDC issuer, default the local Keycloak realm named after the service. */
  issuer?: string;
  /** Base URL of the running service (without the version prefix). */
  serverUrl?: string;
}

export type OpenApiDocument = Record<string, any>;

export const PROBLEM_MEDIA = 'application/problem+json';
const JSON_MEDIA = 'application/json';

export function defaultIssuer(serviceName: string): string {
  return `http://localhost:8080/realms/${serviceName}`;
}

/** `/v1` for 1.x.y: the path prefix every operation lives under. */
export function pathPrefix(version: string): string {
  const major = /^(\d+)\./.exec(version)?.[1];
  if (major === undefined) throw new Error(`Invalid API version "${version}": use semantic versioning such as 1.0.0.`);
  return `/v${major}`;
}

export function buildContract(options: ContractOptions): OpenApiDocument {
  const version = options.version ?? '1.0.0';
  const prefix = pathPrefix(version);
  const resources = resourceModels(options.resources);
  const issuer = options.issuer ?? defaultIssuer(options.serviceName);
  const scopes: Record<string, string> = {};
  for (const r of resources) {
    scopes[r.scopes.read] = `Read ${r.name.replace(/-/g, ' ')}`;
    scopes[r.scopes.write] = `Create, change and delete ${r.name.replace(/-/g, ' ')}`;
  }

  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = { Problem: problemSchema() };
  const parameters: Record<string, unknown> = { Limit: limitParameter(), Cursor: cursorParameter() };
  for (const r of resources) {
    Object.assign(schemas, resourceSchemas(r));
    parameters[`${r.pascal}Id`] = idParameter(r);
    paths[`${prefix}/${r.name}`] = collectionPath(r);
    paths[`${prefix}/${r.name}/{${r.idParam}}`] = itemPath(r);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? `${options.serviceName} API`,
      version,
      ...(options.description ? { description: options.description } : {}),
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: options.serverUrl ?? 'http://localhost:3000', description: 'Local development' }],
    tags: resources.map((r) => ({ name: r.name, description: `Operations on ${r.name.replace(/-/g, ' ')}` })),
    paths,
    components: {
      schemas,
      parameters,
      responses: errorResponses(),
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before the next request',
          schema: { type: 'integer', minimum: 0 },
          example: 30,
        },
      },
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          description: 'Access tokens issued by the OIDC provider; each operation names the scope it needs',
          flows: {
            clientCredentials: { tokenUrl: `${issuer}/protocol/openid-connect/token`, scopes },
            authorizationCode: {
              authorizationUrl: `${issuer}/protocol/openid-connect/auth`,
              tokenUrl: `${issuer}/protocol/openid-connect/token`,
              scopes,
            },
          },
        },
        oidc: {
          type: 'openIdConnect',
          description: 'The same provider, discovered through its OpenID configuration',
          openIdConnectUrl: `${issuer}/.well-known/openid-configuration`,
        },
      },
    },
  };
}

function problemSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description: 'Problem details (RFC 9457)',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', format: 'uri-reference', description: 'Identifies the problem type', default: 'about:blank' },
      title: { type: 'string', description: 'Short summary of the problem type' },
      status: { type: 'integer', minimum: 100, maximum: 599, description: 'HTTP status code' },
      detail: { type: 'string', description: 'What happened in this occurrence' },
      instance: { type: 'string', format: 'uri-reference', description: 'The request that caused it' },
      errors: {
        type: 'array',
        description: 'Validation errors, one per offending field',
        items: {
          type: 'object',
          required: ['pointer', 'detail'],
          properties: {
            pointer: { type: 'string', description: 'JSON pointer into the request body or parameter name' },
            detail: { type: 'string', description: 'What is wrong there' },
          },
        },
      },
    },
  };
}

const ERRORS: Record<string, { status: number; title: string; detail: string }> = {
  BadRequest: { status: 400, title: 'Bad Request', detail: 'body/amount must be >= 1' },
  Unauthorized: { status: 401, title: 'Unauthorized', detail: 'A valid bearer token is required' },
  Forbidden: { status: 403, title: 'Forbidden', detail: 'The token lacks the scope this operation needs' },
  NotFound: { status: 404, title: 'Not Found', detail: 'No resource has this id' },
  TooManyRequests: { status: 429, title: 'Too Many Requests', detail: 'Rate limit exceeded, retry in 30 seconds' },
  ServiceUnavailable: { status: 503, title: 'Service Unavailable', detail: 'A dependency (database, identity provider) is unavailable' },
};

function errorResponses(): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [name, e] of Object.entries(ERRORS)) {
    responses[name] = {
      description: e.title,
      ...(e.status === 429 ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
      content: {
        [PROBLEM_MEDIA]: {
          schema: { $ref: '#/components/schemas/Problem' },
          example: { type: 'about:blank', title: e.title, status: e.status, detail: e.detail },
        },
      },
    };
  }
  return responses;
}

const errorRefs = (...names: (keyof typeof ERRORS)[]) =>
  Object.fromEntries(names.map((n) => [String(ERRORS[n].status), { $ref: `#/components/responses/${n}` }]));

function limitParameter(): Record<string, unknown> {
  return {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Page size',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    example: 20,
  };
}

function cursorParameter(): Record<string, unknown> {
  return {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'Opaque cursor from the previous page (nextCursor); omit for the first page',
    schema: { type: 'string', maxLength: 200 },
  };
}

function idParameter(r: ResourceModel): Record<string, unknown> {
  return {
    name: r.idParam,
    in: 'path',
    required: true,
    description: `Id of the ${r.singular.replace(/-/g, ' ')}`,
    schema: { type: 'string', format: 'uuid' },
    example: r.exampleId,
  };
}

export function fieldSchema(field: FieldModel): Record<string, unknown> {
  const schema: Record<string, unknown> = { type: field.type, description: field.description };
  for (const key of ['format', 'enum', 'default', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength'] as const) {
    if (field[key] !== undefined) schema[key] = field[key];
  }
  return schema;
}

const TIMESTAMP = '2026-01-15T09:30:00Z';

/** The example of a stored resource, as the service returns it. */
export function resourceExample(r: ResourceModel): Record<string, unknown> {
  return {
    id: r.exampleId,
    ...Object.fromEntries(r.fields.map((f) => [f.name, f.example])),
    createdAt: TIMESTAMP,
    updatedAt: TIMESTAMP,
  };
}

/** The example of a create request: the client-settable fields. */
export function createExample(r: ResourceModel): Record<string, unknown> {
  return Object.fromEntries(r.fields.map((f) => [f.name, f.example]));
}

function resourceSchemas(r: ResourceModel): Record<string, unknown> {
  const fieldProperties = Object.fromEntries(r.fields.map((f) => [f.name, fieldSchema(f)]));
  const required = r.fields.filter((f) => f.required).map((f) => f.name);
  const label = r.singular.replace(/-/g, ' ');
  const example = resourceExample(r);
  const stored = ['id', ...r.fields.filter((f) => f.required || f.default !== undefined).map((f) => f.name), 'createdAt', 'updatedAt'];
  return {
    [r.pascal]: {
      type: 'object',
      description: `A ${label}`,
      required: stored,
      additionalProperties: false,
      properties: {
        id: { type: 'string', format: 'uuid', readOnly: true, description: 'Assigned by the service' },
        ...fieldProperties,
        createdAt: { type: 'string', format: 'date-time', readOnly: true, description: 'When it was created' },
        updatedAt: { type: 'string', format: 'date-time', readOnly: true, description: 'When it last changed' },
      },
      examples: [example],
    },
    [`${r.pascal}Create`]: {
      type: 'object',
      description: `What a client sends to create a ${label}`,
      required,
      additionalProperties: false,
      properties: fieldProperties,
      examples: [createExample(r)],
    },
    [`${r.pascal}Update`]: {
      type: 'object',
      description: `Fields to change on a ${label} (merge semantics: absent fields stay)`,
      minProperties: 1,
      additionalProperties: false,
      properties: fieldProperties,
      examples: [{ description: `Updated ${label}` }],
    },
    [`${r.pascal}Page`]: {
      type: 'object',
      description: `One page of ${r.name.replace(/-/g, ' ')}, oldest first`,
      required: ['data', 'nextCursor'],
      additionalProperties: false,
      properties: {
        data: { type: 'array', description: 'The page', items: { $ref: `#/components/schemas/${r.pascal}` } },
        nextCursor: {
          type: ['string', 'null'],
          description: 'Pass as `cursor` to get the next page; null on the last page',
        },
      },
      examples: [{ data: [example], nextCursor: null }],
    },
  };
}

const security = (scope: string) => [{ oauth2: [scope] }, { oidc: [scope] }];
const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function collectionPath(r: ResourceModel): Record<string, unknown> {
  const plural = r.name.replace(/-/g, ' ');
  const label = r.singular.replace(/-/g, ' ');
  return {
    get: {
      operationId: r.operationIds.list,
      summary: `List ${plural}`,
      tags: [r.name],
      security: security(r.scopes.read),
      parameters: [{ $ref: '#/components/parameters/Limit' }, { $ref: '#/components/parameters/Cursor' }],
      responses: {
        '200': {
          description: `A page of ${plural}`,
          content: { [JSON_MEDIA]: { schema: schemaRef(`${r.pascal}Page`), example: { data: [resourceExample(r)], nextCursor: null } } },
        },
        ...errorRefs('BadRequest', 'Unauthorized', 'Forbidden', 'TooManyRequests', 'ServiceUnavailable'),
      },
    },
    post: {
      operationId: r.operationIds.create,
      summary: `Create a ${label}`,
      tags: [r.name],
      security: security(r.scopes.write),
      requestBody: {
        required: true,
        content: { [JSON_MEDIA]: { schema: schemaRef(`${r.pascal}Create`), example: createExample(r) } },
      },
      responses: {
        '201': {
          description: `The created ${label}`,
          headers: {
            Location: { description: `URL of the new ${label}`, schema: { type: 'string', format: 'uri-reference' } },
          },
          content: { [JSON_MEDIA]: { schema: schemaRef(r.pascal), example: resourceExample(r) } },
        },
        ...errorRefs('BadRequest', 'Unauthorized', 'Forbidden', 'TooManyRequests', 'ServiceUnavailable'),
      },
    },
  };
}

function itemPath(r: ResourceModel): Record<string, unknown> {
  const label = r.singular.replace(/-/g, ' ');
  const one = { [JSON_MEDIA]: { schema: schemaRef(r.pascal), example: resourceExample(r) } };
  return {
    parameters: [{ $ref: `#/components/parameters/${r.pascal}Id` }],
    get: {
      operationId: r.operationIds.get,
      summary: `Get a ${label}`,
      tags: [r.name],
      security: security(r.scopes.read),
      responses: {
        '200': { description: `The ${label}`, content: one },
        ...errorRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests', 'ServiceUnavailable'),
      },
    },
    patch: {
      operationId: r.operationIds.update,
      summary: `Change a ${label}`,
      tags: [r.name],
      security: security(r.scopes.write),
      requestBody: {
        required: true,
        content: { [JSON_MEDIA]: { schema: schemaRef(`${r.pascal}Update`), example: { description: `Updated ${label}` } } },
      },
      responses: {
        '200': { description: `The changed ${label}`, content: one },
        ...errorRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests', 'ServiceUnavailable'),
      },
    },
    delete: {
      operationId: r.operationIds.delete,
      summary: `Delete a ${label}`,
      tags: [r.name],
      security: security(r.scopes.write),
      responses: {
        '204': { description: `The ${label} is deleted` },
        ...errorRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests', 'ServiceUnavailable'),
      },
    },
  };
}

/** Every operation of a contract built here, in document order: what the service, SDK and gateway enumerate. */
export interface ContractOperation {
  operationId: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  scope: string;
  resource: string;
}

export function contractOperations(options: Pick<ContractOptions, 'resources' | 'version'>): ContractOperation[] {
  const prefix = pathPrefix(options.version ?? '1.0.0');
  return resourceModels(options.resources).flatMap((r): ContractOperation[] => {
    const collection = `${prefix}/${r.name}`;
    const item = `${collection}/{${r.idParam}}`;
    return [
      { operationId: r.operationIds.list, method: 'get', path: collection, scope: r.scopes.read, resource: r.name },
      { operationId: r.operationIds.create, method: 'post', path: collection, scope: r.scopes.write, resource: r.name },
      { operationId: r.operationIds.get, method: 'get', path: item, scope: r.scopes.read, resource: r.name },
      { operationId: r.operationIds.update, method: 'patch', path: item, scope: r.scopes.write, resource: r.name },
      { operationId: r.operationIds.delete, method: 'delete', path: item, scope: r.scopes.write, resource: r.name },
    ];
  });
}
