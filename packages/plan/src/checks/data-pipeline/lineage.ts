import { createHash } from 'node:crypto';
import { Column } from './columns';
import { PipelineSpec, tablesReadBy } from './pipeline-file';

/**
 * The OpenLineage run events a pipeline emits (spec 2-0-2): for each job (one per source's ingestion,
 * one per SQL model) a START and a COMPLETE (or FAIL) event naming its input and output datasets,
 * with the schema facet of each dataset and the SQL facet of each model. pipeline-run writes them as
 * it runs; the openlineage check validates them against the vendored schema.
 */
export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
export const PRODUCER = 'https://github.com/nx-plan/plan/tree/main/packages/plan/src/checks/pipeline-run';
const FACET_SCHEMAS = {
  schema: 'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
  sql: 'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet',
  jobType: 'https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
};

export interface LineageJob {
  name: string;
  kind: 'ingest' | 'model';
  inputs: { namespace: string; name: string; fields?: Column[] }[];
  outputs: { namespace: string; name: string; fields?: Column[] }[];
  sql?: string;
}

export type RunEvent = Record<string, unknown>;

/** The jobs of a pipeline: columns come from `fields` (dataset → columns) when known. */
export function lineageJobs(spec: PipelineSpec, sqlOf: (model: string) => string, fields: Map<string, Column[]>): LineageJob[] {
  const warehouse = `duckdb://${spec.namespace}`;
  const jobs: LineageJob[] = spec.sources.map((s) => ({
    name: `ingest_${s.dataset}`,
    kind: 'ingest',
    inputs: [s.topic ? { namespace: `kafka://${spec.namespace}`, name: s.topic } : { namespace: `file://${spec.namespace}`, name: s.path }],
    outputs: [{ namespace: warehouse, name: s.dataset, fields: fields.get(s.dataset) }],
  }));
  const known = [...spec.sources.map((s) => s.dataset), ...spec.models.map((m) => m.name)];
  for (const model of spec.models) {
    const sql = sqlOf(model.name);
    jobs.push({
      name: model.name,
      kind: 'model',
      inputs: tablesReadBy(
        sql,
        known.filter((k) => k !== model.name),
      ).map((name) => ({ namespace: warehouse, name, fields: fields.get(name) })),
      outputs: [{ namespace: warehouse, name: model.name, fields: fields.get(model.name) }],
      sql,
    });
  }
  return jobs;
}

export function runEvents(
  spec: PipelineSpec,
  job: LineageJob,
  state: 'COMPLETE' | 'FAIL',
  start: Date,
  end: Date,
  runSeed: string,
): RunEvent[] {
  const runId = uuidFrom(`${runSeed}:${job.name}`);
  const dataset = (d: LineageJob['inputs'][number]) => ({
    namespace: d.namespace,
    name: d.name,
    ...(d.fields && d.fields.length > 0
      ? {
          facets: {
            schema: {
              _producer: PRODUCER,
              _schemaURL: FACET_SCHEMAS.schema,
              fields: d.fields.map((f, i) => ({ name: f.name, type: f.duckType, ordinal_position: i + 1 })),
            },
          },
        }
      : {}),
  });
  const jobFacets: Record<string, unknown> = {
    jobType: {
      _producer: PRODUCER,
      _schemaURL: FACET_SCHEMAS.jobType,
      processingType: 'BATCH',
      integration: 'PLAN',
      jobType: job.kind === 'ingest' ? 'INGESTION' : 'QUERY',
    },
  };
  if (job.sql !== undefined) jobFacets.sql = { _producer: PRODUCER, _schemaURL: FACET_SCHEMAS.sql, query: job.sql, dialect: 'duckdb' };
  const event = (eventType: string, time: Date): RunEvent => ({
    eventType,
    eventTime: time.toISOString(),
    producer: PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: { runId },
    job: { namespace: spec.namespace, name: job.name, facets: jobFacets },
    inputs: job.inputs.map(dataset),
    outputs: job.outputs.map(dataset),
  });
  return [event('START', start), event(state, end)];
}

/** A version-4-shaped UUID from a hash, so a run's ids are stable for its seed. */
function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
