import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'openlineage/not-found': { severity: 'error', help: 'The pipeline or event file cannot be read: check the path.' },
  'openlineage/yaml-syntax': { severity: 'error', help: 'The pipeline file is not valid YAML: fix the syntax.' },
  'openlineage/duplicate-key': { severity: 'error', help: 'A key is repeated: keep one.' },
  'openlineage/yaml-key': { severity: 'error', help: 'A list or mapping is used as a key: check the indentation.' },
  'openlineage/yaml-aliases': { severity: 'error', help: 'Too many alias expansions: write the values out.' },
  'openlineage/pipeline': {
    severity: 'error',
    help: 'The pipeline file is malformed (see pipeline-run), so its lineage cannot be derived.',
  },
  'openlineage/event-syntax': { severity: 'error', help: 'Every line of an event file is one JSON event.' },
  'openlineage/schema': { severity: 'error', help: 'Events meet the OpenLineage 2-0-2 JSON Schema (vendored).' },
  'openlineage/facet': { severity: 'error', help: 'Facets the schema knows (schema, sql, jobType) meet their facet schemas.' },
  'openlineage/run': { severity: 'error', help: 'Each run has one START and one COMPLETE, ABORT or FAIL event.' },
  'openlineage/coverage': {
    severity: 'error',
    help: 'Every dataset of the pipeline appears in the lineage: each source read and landed, each model output produced.',
  },
});
export type OpenLineageRule = RuleId<typeof rules>;
