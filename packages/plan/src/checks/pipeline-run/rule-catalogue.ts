import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'pipeline/not-found': { severity: 'error', help: 'A file the pipeline names cannot be read: check the path.' },
  'pipeline/yaml-syntax': { severity: 'error', help: 'A pipeline, contract or reconciliation file is not valid YAML: fix the syntax.' },
  'pipeline/duplicate-key': { severity: 'error', help: 'A key is repeated: keep one.' },
  'pipeline/yaml-key': { severity: 'error', help: 'A list or mapping is used as a key: check the indentation.' },
  'pipeline/yaml-aliases': { severity: 'error', help: 'Too many alias expansions: write the values out.' },
  'pipeline/spec': {
    severity: 'error',
    help: 'pipeline.yaml lists sources (dataset, path, schema) and models (name, sql, contract) with valid names and retry policies.',
  },
  'pipeline/source': { severity: 'error', help: "A source's JSON Schema contract exists and compiles." },
  'pipeline/ingest': { severity: 'error', help: 'A source can be read (transient errors are retried with backoff first).' },
  'pipeline/dead-letter': {
    severity: 'error',
    help: 'Valid samples are accepted and planted bad records are dead-lettered with their reason.',
  },
  'pipeline/model': { severity: 'error', help: 'A SQL model exists and runs on DuckDB.' },
  'pipeline/spark-portable': {
    severity: 'error',
    help: 'Models use SQL that DuckDB and Spark SQL read alike (no ::, QUALIFY, EXCLUDE, DuckDB-only functions).',
  },
  'pipeline/output-contract': { severity: 'error', help: "An output's ODCS contract lists its columns in schema[0].properties." },
  'pipeline/output-column-missing': { severity: 'error', help: 'An output has every column its contract declares.' },
  'pipeline/output-type': { severity: 'error', help: "An output column's type matches the contract's logicalType." },
  'pipeline/output-null': { severity: 'error', help: 'Required output columns have no nulls.' },
  'pipeline/output-duplicate-key': { severity: 'error', help: 'Unique columns and the primary key of an output have one row per value.' },
  'pipeline/output-extra-column': { severity: 'warning', help: 'An output column is not declared in its contract.' },
  'pipeline/reconciliation': {
    severity: 'error',
    help: 'Source and output measures agree (and every record read is landed or dead-lettered).',
  },
});
export type PipelineRunRule = RuleId<typeof rules>;
