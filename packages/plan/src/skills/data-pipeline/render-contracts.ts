import { stringify } from 'yaml';
import { ACCEPTED_CHANNELS, DataPipelineDomain, DatasetDomain, primary } from './domain';

/**
 * contracts/: per dataset a JSON Schema and an Avro schema in two versions (v2 adds an optional
 * field with a default: backward compatible, as the registry's BACKWARD mode demands), an ODCS v3.1
 * data contract per interface (each source topic and each output table: owner, schema, quality,
 * freshness/volume SLAs), the schema-registry subjects with their compatibility mode, and the
 * AsyncAPI 3.0 document of the topics.
 */
export const paths = {
  jsonSchema: (d: string, v: number) => `contracts/${d}/v${v}.schema.json`,
  avro: (d: string, v: number) => `contracts/${d}/v${v}.avsc`,
  odcs: (d: string) => `contracts/${d}.odcs.yaml`,
  registry: 'contracts/schema-registry.yaml',
  asyncapi: 'contracts/asyncapi.yaml',
  openapi: 'contracts/data-api.openapi.yaml',
};

interface Field {
  name: string;
  json: Record<string, unknown>;
  avro: unknown;
  logical: 'string' | 'number' | 'integer' | 'timestamp';
  required: boolean;
  description: string;
}

export function fieldsOf(d: DatasetDomain, version: 1 | 2): Field[] {
  const fields: Field[] = [
    {
      name: d.key,
      json: { type: 'string', minLength: 1 },
      avro: 'string',
      logical: 'string',
      required: true,
      description: `Key of the ${d.name} record.`,
    },
  ];
  if (d.references)
    fields.push({
      name: d.references.key,
      json: { type: 'string', minLength: 1 },
      avro: 'string',
      logical: 'string',
      required: true,
      description: `The ${d.references.dataset} record this one belongs to.`,
    });
  fields.push(
    {
      name: 'user_id',
      json: { type: 'string', minLength: 1 },
      avro: 'string',
      logical: 'string',
      required: true,
      description: 'Pseudonymous user id.',
    },
    {
      name: 'channel',
      json: { type: 'string', minLength: 1 },
      avro: 'string',
      logical: 'string',
      required: true,
      description: `Where it happened (${ACCEPTED_CHANNELS.join(', ')}: a quality rule).`,
    },
    {
      name: 'value',
      json: { type: 'number', minimum: 0 },
      avro: 'double',
      logical: 'number',
      required: true,
      description: 'Measured value, never negative.',
    },
    {
      name: 'occurred_at',
      json: { type: 'string', format: 'date-time' },
      avro: { type: 'long', logicalType: 'timestamp-millis' },
      logical: 'timestamp',
      required: true,
      description: 'When it happened (UTC).',
    },
  );
  if (version === 2)
    fields.push({
      name: 'country',
      json: { type: ['string', 'null'], default: null },
      avro: ['null', 'string'],
      logical: 'string',
      required: false,
      description: 'ISO 3166-1 alpha-2 country, when known (added in v2 with a default: backward compatible).',
    });
  return fields;
}

export function jsonSchema(domain: DataPipelineDomain, d: DatasetDomain, version: 1 | 2): string {
  const fields = fieldsOf(d, version);
  return `${JSON.stringify(
    {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `urn:${domain.snake}:${d.name}:v${version}`,
      title: `${d.name} v${version}`,
      type: 'object',
      additionalProperties: false,
      required: fields.filter((f) => f.required).map((f) => f.name),
      properties: Object.fromEntries(fields.map((f) => [f.name, { ...f.json, description: f.description }])),
    },
    null,
    2,
  )}\n`;
}

export function avroSchema(domain: DataPipelineDomain, d: DatasetDomain, version: 1 | 2): string {
  return `${JSON.stringify(
    {
      type: 'record',
      name: pascal(d.name),
      // One full name across versions: a registry resolves v2 against v1 by name.
      namespace: domain.snake,
      doc: `${d.name} records on topic ${d.topic} (schema version ${version})`,
      fields: fieldsOf(d, version).map((f) => ({
        name: f.name,
        type: f.avro,
        ...(Array.isArray(f.avro) ? { default: null } : {}),
        doc: f.description,
      })),
    },
    null,
    2,
  )}\n`;
}

export function registry(domain: DataPipelineDomain): string {
  return stringify({
    // Subjects as a schema registry names them (TopicNameStrategy); the mode is what CI enforces.
    compatibility: 'BACKWARD',
    subjects: domain.datasets.map((d) => ({
      subject: `${d.topic}-value`,
      compatibility: 'BACKWARD',
      versions: [1, 2].map((v) => ({ version: v, avro: paths.avro(d.name, v), jsonSchema: paths.jsonSchema(d.name, v) })),
    })),
  });
}

const team = (domain: DataPipelineDomain) => ({
  name: `${domain.snake}-data`,
  members: [{ username: `${domain.snake}-owner`, role: 'owner' }],
});

export function sourceContract(domain: DataPipelineDomain, d: DatasetDomain): string {
  const fields = fieldsOf(d, 2);
  return stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: `${domain.snake}-${d.name}`,
    name: `${d.name}`,
    version: '2.0.0',
    status: 'active',
    domain: domain.snake,
    description: {
      purpose: `${d.name} as published on ${d.topic}: ${domain.title}`,
      usage: 'Ingested by the pipeline; schema in ' + paths.jsonSchema(d.name, 2),
    },
    team: team(domain),
    servers: [{ server: 'kafka', type: 'kafka', host: 'kafka:9092', format: 'json' }],
    schema: [
      {
        name: d.name,
        physicalName: d.topic,
        physicalType: 'topic',
        logicalType: 'object',
        description: `One record per ${d.key}.`,
        properties: fields.map((f) => ({
          name: f.name,
          logicalType: f.logical,
          required: f.required,
          ...(f.name === d.key ? { primaryKey: true, unique: true } : {}),
          description: f.description,
        })),
        quality: [
          {
            type: 'text',
            description:
              'Rules evaluated on DuckDB by `plan data-quality quality/rules.yaml` (not null, unique, accepted values, range, referential integrity, row count, freshness).',
          },
        ],
      },
    ],
    slaProperties: [
      {
        property: 'latency',
        value: 1,
        unit: 'h',
        element: `${d.name}.occurred_at`,
        description: 'Freshness: the newest record is at most 1 hour old (quality/rules.yaml measures it).',
      },
      { property: 'frequency', value: 'streaming', description: 'Records arrive continuously on the topic.' },
      { property: 'retention', value: 30, unit: 'd', description: 'Raw records are kept 30 days in object storage.' },
      { property: 'throughput', value: 1000, unit: 'records/s', description: 'Volume: up to 1000 records per second at peak.' },
    ],
  });
}

export function outputContract(domain: DataPipelineDomain, output: string): string {
  const p = primary(domain);
  const others = domain.datasets.slice(1);
  const columns =
    output === 'user_activity'
      ? [
          { name: 'user_id', logicalType: 'string', primaryKey: true, required: true, description: 'One row per user.' },
          { name: `${p.name}_count`, logicalType: 'integer', required: true, description: `${p.name} records of the user.` },
          { name: 'total_value', logicalType: 'number', required: true, description: `Sum of value over the user's ${p.name}.` },
          { name: 'first_seen_at', logicalType: 'timestamp', required: true, description: `Earliest occurred_at.` },
          { name: 'last_seen_at', logicalType: 'timestamp', required: true, description: `Latest occurred_at.` },
        ]
      : [
          { name: 'user_id', logicalType: 'string', primaryKey: true, required: true, description: 'One row per user.' },
          { name: `${p.name}_count`, logicalType: 'integer', required: true, description: `${p.name} records of the user.` },
          { name: 'avg_value', logicalType: 'number', required: true, description: `Mean value per ${p.name} record.` },
          ...others.map((o) => ({
            name: `${o.name}_count`,
            logicalType: 'integer',
            required: true,
            description: `${o.name} records of the user.`,
          })),
        ];
  return stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: `${domain.snake}-${output}`,
    name: output,
    version: '1.0.0',
    status: 'active',
    domain: domain.snake,
    description: {
      purpose: `${output}: built by pipeline/models/${output}.sql`,
      usage: 'Served from the warehouse; Parquet in object storage.',
    },
    team: team(domain),
    servers: [{ server: 'warehouse', type: 'postgres', host: 'postgres', port: 5432, database: domain.snake, schema: 'analytics' }],
    schema: [{ name: output, physicalName: output, physicalType: 'table', logicalType: 'object', properties: columns }],
    slaProperties: [
      { property: 'latency', value: 2, unit: 'h', description: 'Rebuilt at most 2 hours after the sources change.' },
      { property: 'frequency', value: 'hourly', description: 'Batch run every hour.' },
      { property: 'retention', value: 365, unit: 'd', description: 'Kept one year, then archived to object storage.' },
    ],
  });
}

export function asyncapi(domain: DataPipelineDomain): string {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const d of domain.datasets) {
    const fields = fieldsOf(d, 2);
    messages[d.name] = {
      name: d.name,
      contentType: 'application/json',
      payload: {
        type: 'object',
        additionalProperties: false,
        required: fields.filter((f) => f.required).map((f) => f.name),
        properties: Object.fromEntries(fields.map((f) => [f.name, { ...f.json, description: f.description }])),
      },
    };
    channels[d.name] = { address: d.topic, messages: { [d.name]: { $ref: `#/components/messages/${d.name}` } } };
    operations[`ingest_${d.name}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${d.name}` },
      messages: [{ $ref: `#/channels/${d.name}/messages/${d.name}` }],
    };
  }
  return stringify({
    asyncapi: '3.0.0',
    info: { title: `${domain.title} topics`, version: '2.0.0', description: 'Topics the pipeline ingests; payloads are the v2 contracts.' },
    defaultContentType: 'application/json',
    servers: { kafka: { host: 'kafka:9092', protocol: 'kafka' } },
    channels,
    operations,
    components: { messages },
  });
}

export function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** The data access API (read-only, per output and user): OpenAPI 3.1 with examples taken from the output columns. */
export function dataApi(domain: DataPipelineDomain): string {
  const p = primary(domain);
  const others = domain.datasets.slice(1);
  const activity = {
    type: 'object',
    required: ['user_id', `${p.name}_count`, 'total_value', 'first_seen_at', 'last_seen_at'],
    properties: {
      user_id: { type: 'string' },
      [`${p.name}_count`]: { type: 'integer', minimum: 0 },
      total_value: { type: 'number' },
      first_seen_at: { type: 'string', format: 'date-time' },
      last_seen_at: { type: 'string', format: 'date-time' },
    },
    examples: [
      {
        user_id: 'u-001',
        [`${p.name}_count`]: 3,
        total_value: 120.5,
        first_seen_at: '2026-01-14T04:00:00Z',
        last_seen_at: '2026-01-14T20:00:00Z',
      },
    ],
  };
  const features = {
    type: 'object',
    required: ['user_id', `${p.name}_count`, 'avg_value', ...others.map((o) => `${o.name}_count`)],
    properties: {
      user_id: { type: 'string' },
      [`${p.name}_count`]: { type: 'integer', minimum: 0 },
      avg_value: { type: 'number' },
      ...Object.fromEntries(others.map((o) => [`${o.name}_count`, { type: 'integer', minimum: 0 }])),
    },
    examples: [
      { user_id: 'u-001', [`${p.name}_count`]: 3, avg_value: 40.17, ...Object.fromEntries(others.map((o) => [`${o.name}_count`, 2])) },
    ],
  };
  const problem = { type: 'object', required: ['title', 'status'], properties: { title: { type: 'string' }, status: { type: 'integer' } } };
  const byUser = (schema: string, summary: string, operationId: string) => ({
    get: {
      operationId,
      summary,
      parameters: [{ name: 'user_id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': {
          description: 'The row of this user.',
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
        },
        '404': {
          description: 'No row for this user.',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    },
  });
  return stringify({
    openapi: '3.1.0',
    info: { title: `${domain.title} data API`, version: '1.0.0', description: 'Read access to the pipeline outputs (one row per user).' },
    servers: [{ url: 'http://localhost:8000' }],
    paths: {
      '/v1/user-activity/{user_id}': byUser('UserActivity', 'User activity of one user', 'getUserActivity'),
      '/v1/user-features/{user_id}': byUser('UserFeatures', 'Features of one user', 'getUserFeatures'),
    },
    components: { schemas: { UserActivity: activity, UserFeatures: features, Problem: problem } },
  });
}
