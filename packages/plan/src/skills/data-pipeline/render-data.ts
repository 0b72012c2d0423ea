import { stringify } from 'yaml';
import { ACCEPTED_CHANNELS, DataPipelineDomain, DatasetDomain, OUTPUTS, primary, VALUE_RANGE } from './domain';
import { paths } from './render-contracts';

/**
 * Deterministic samples generated from the contracts (a seeded generator: the same options give
 * the same bytes), a few bad records on purpose in `<dataset>.bad.ndjson` (each named with its
 * reason in data/samples/README.md), the quality rules and reconciliation as data, the pipeline
 * definition and its SQL models (portable: the same files run on DuckDB and Spark SQL).
 */
export const SAMPLE_ROWS = 40;

export function sampleRecords(domain: DataPipelineDomain, d: DatasetDomain, rows = SAMPLE_ROWS): Record<string, unknown>[] {
  const random = mulberry32(seed(`${domain.snake}:${d.name}`));
  const end = Date.parse(domain.sampleTime);
  const refCount = Math.max(1, Math.floor(rows / 2));
  const records: Record<string, unknown>[] = [];
  for (let i = 1; i <= rows; i++) {
    // A record's user follows from the record it references, so references agree across datasets.
    const user = `u-${String((i % 12) + 1).padStart(3, '0')}`;
    const record: Record<string, unknown> = { [d.key]: `${d.key.replace(/_id$|_key$/, '')}-${String(i).padStart(5, '0')}` };
    if (d.references)
      record[d.references.key] = `${d.references.key.replace(/_id$|_key$/, '')}-${String(((i - 1) % refCount) + 1).padStart(5, '0')}`;
    record.user_id = user;
    record.channel = ACCEPTED_CHANNELS[Math.floor(random() * ACCEPTED_CHANNELS.length)];
    record.value = Math.round(random() * 20000) / 100;
    record.occurred_at = new Date(end - Math.floor(random() * 20 * 3600) * 1000 - 60_000).toISOString().replace('.000Z', 'Z');
    record.country = random() < 0.2 ? null : ['DE', 'FR', 'US', 'BR'][Math.floor(random() * 4)];
    records.push(record);
  }
  return records;
}

/** Every dataset's records must resolve their references: the referenced dataset holds keys 1..rows/2 of the referrer. */
export function samples(domain: DataPipelineDomain): Map<string, string> {
  const files = new Map<string, string>();
  const notes: string[] = [
    '# Samples',
    '',
    'Generated deterministically from the v2 contracts (same options, same bytes). `<dataset>.ndjson`',
    'holds valid records only; `<dataset>.bad.ndjson` holds records planted to be rejected by the',
    'connectors (pipeline-run fails if one of them is accepted):',
    '',
  ];
  for (const d of domain.datasets) {
    files.set(
      `data/samples/${d.name}.ndjson`,
      sampleRecords(domain, d)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    const good = sampleRecords(domain, d, 1)[0];
    const bad: [string, Record<string, unknown>][] = [
      [`missing required field ${d.key}`, omit(good, d.key)],
      ['value is negative (contract: minimum 0)', { ...good, [d.key]: `${good[d.key]}-neg`, value: -5 }],
      ['value is a string (contract: number)', { ...good, [d.key]: `${good[d.key]}-str`, value: 'ten' }],
      ['occurred_at is not a date-time', { ...good, [d.key]: `${good[d.key]}-ts`, occurred_at: 'yesterday' }],
    ];
    files.set(`data/samples/${d.name}.bad.ndjson`, bad.map(([, r]) => JSON.stringify(r)).join('\n') + '\n');
    notes.push(`- \`${d.name}.bad.ndjson\`: ${bad.map(([why], i) => `line ${i + 1} ${why}`).join('; ')}.`);
  }
  files.set('data/samples/README.md', notes.join('\n') + '\n');
  return files;
}

export function qualityRules(domain: DataPipelineDomain): string {
  const datasets = Object.fromEntries(
    domain.datasets.map((d) => [d.name, { path: `data/samples/${d.name}.ndjson`, schema: paths.jsonSchema(d.name, 2) }]),
  );
  const rules: Record<string, unknown>[] = [];
  for (const d of domain.datasets) {
    rules.push({ dataset: d.name, column: d.key, rule: 'not_null' }, { dataset: d.name, column: d.key, rule: 'unique' });
    rules.push({ dataset: d.name, column: 'user_id', rule: 'not_null' });
    rules.push({ dataset: d.name, column: 'channel', rule: 'accepted_values', values: [...ACCEPTED_CHANNELS] });
    rules.push({ dataset: d.name, column: 'value', rule: 'range', min: VALUE_RANGE.min, max: VALUE_RANGE.max });
    if (d.references)
      rules.push({ dataset: d.name, column: d.references.key, rule: 'relationship', to: `${d.references.dataset}.${d.references.key}` });
    rules.push({ dataset: d.name, rule: 'row_count', min: 10 });
    rules.push({ dataset: d.name, column: 'occurred_at', rule: 'freshness', maxAgeHours: 24 });
  }
  const doc = stringify({ version: 1, now: domain.sampleTime, datasets, rules }, { flowCollectionPadding: true, collectionStyle: 'block' });
  return `# Quality rules as data, evaluated on DuckDB: npx plan data-quality quality/rules.yaml\n# \`now\` is the samples' reference time (freshness on the samples); in production omit it.\n${doc}`;
}

export function reconciliation(domain: DataPipelineDomain): string {
  const p = primary(domain).name;
  return `# Source/output reconciliation, evaluated after each run: npx plan pipeline-run pipeline/pipeline.yaml\n${stringify({
    reconciliation: [
      {
        name: `every ${p} record is counted once`,
        source: `SELECT count(*) FROM ${p}`,
        output: `SELECT sum(${p}_count) FROM user_activity`,
      },
      {
        name: 'total value is preserved',
        source: `SELECT sum(value) FROM ${p}`,
        output: 'SELECT sum(total_value) FROM user_activity',
        tolerance: 1e-9,
      },
      {
        name: 'every user reaches the features',
        source: `SELECT count(DISTINCT user_id) FROM ${p}`,
        output: 'SELECT count(DISTINCT user_id) FROM user_features',
      },
    ],
  })}`;
}

export function pipelineFile(domain: DataPipelineDomain): string {
  return `# The pipeline: connectors (contract enforcement, dead letters, retries), SQL models, outputs.\n# Run it on the samples: npx plan pipeline-run pipeline/pipeline.yaml\n${stringify(
    {
      version: 1,
      name: domain.snake,
      namespace: domain.snake,
      sources: domain.datasets.map((d) => ({
        dataset: d.name,
        topic: d.topic,
        path: `data/samples/${d.name}.ndjson`,
        rejects: `data/samples/${d.name}.bad.ndjson`,
        schema: paths.jsonSchema(d.name, 2),
        contract: paths.odcs(d.name),
        retry: { attempts: 3, backoffMs: 200 },
      })),
      models: OUTPUTS.map((o) => ({ name: o, sql: `pipeline/models/${o}.sql`, contract: paths.odcs(o) })),
      reconciliation: 'quality/reconciliation.yaml',
      output: '.plan/pipeline',
    },
  )}`;
}

export function models(domain: DataPipelineDomain): Map<string, string> {
  const p = primary(domain).name;
  const others = domain.datasets.slice(1);
  const activity = [
    `-- user_activity: one row per user of ${p}.`,
    '-- Portable SQL: runs on DuckDB (plan pipeline-run) and on Spark SQL (pipeline/spark/run_models.py).',
    'SELECT',
    '  user_id,',
    `  COUNT(*) AS ${p}_count,`,
    '  SUM(value) AS total_value,',
    '  MIN(occurred_at) AS first_seen_at,',
    '  MAX(occurred_at) AS last_seen_at',
    `FROM ${p}`,
    'GROUP BY user_id',
    '',
  ].join('\n');
  const features = [
    `-- user_features: per-user features for downstream models, from ${p} directly (independent of user_activity).`,
    'SELECT',
    '  e.user_id,',
    `  COUNT(*) AS ${p}_count,`,
    `  CAST(SUM(e.value) / COUNT(*) AS DOUBLE) AS avg_value${others.length ? ',' : ''}`,
    ...others.map((o, i) => `  COALESCE(MAX(${o.name}_agg.n), 0) AS ${o.name}_count${i < others.length - 1 ? ',' : ''}`),
    `FROM ${p} AS e`,
    ...others.map(
      (o) =>
        `LEFT JOIN (SELECT user_id, COUNT(*) AS n FROM ${o.name} GROUP BY user_id) AS ${o.name}_agg ON ${o.name}_agg.user_id = e.user_id`,
    ),
    'GROUP BY e.user_id',
    '',
  ].join('\n');
  return new Map([
    ['pipeline/models/user_activity.sql', activity],
    ['pipeline/models/user_features.sql', features],
  ]);
}

function omit(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function seed(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
