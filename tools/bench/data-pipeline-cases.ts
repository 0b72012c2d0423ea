/**
 * Bench inputs for the data-pipeline checks of issue 15 (data-quality, pipeline-run, openlineage,
 * topic-coverage, validate-odcs): the files plan:data-pipeline generates for events,sessions,
 * measured per file against files-exist by tools/bench/checks.ts.
 */
import { dataPipelineKind } from '../../packages/plan/src/kinds/data-pipeline';
import { BenchCase, FileKind, put } from './cases';

export function dataPipelineCases(root: string): BenchCase[] {
  const ctx = dataPipelineKind.context({ name: 'clickstream', datasets: 'events,sessions' });
  const files = dataPipelineKind.files(ctx);
  // At the bench root (the checks resolve the paths inside these files against the folder they run in);
  // only the data files, so the other cases' .github/ and compose files stay theirs.
  for (const [file, content] of files) {
    if (!/^(contracts|data|quality|pipeline)\//.test(file)) continue;
    put(root, file, content);
  }
  const at = (p: string) => p;
  const kind = (p: string): FileKind => (p.endsWith('.json') ? 'json' : p.endsWith('.sql') || p.endsWith('.ndjson') ? 'text' : 'yaml');
  const read = (list: string[]) => list.map((p) => ({ path: at(p), kind: kind(p) }));
  const samples = ['data/samples/events.ndjson', 'data/samples/sessions.ndjson'];
  const schemas = ['contracts/events/v2.schema.json', 'contracts/sessions/v2.schema.json'];
  const odcs = [...files.keys()].filter((f) => f.endsWith('.odcs.yaml'));
  const inPlan = (p: string[]) => p;
  return [
    {
      label: 'data-quality (rules on samples)',
      check: 'data-quality',
      paths: inPlan(['quality/rules.yaml']),
      options: {},
      files: read(['quality/rules.yaml', ...samples, ...schemas]),
      warm: 5,
    },
    {
      label: 'pipeline-run (end to end)',
      check: 'pipeline-run',
      paths: inPlan(['pipeline/pipeline.yaml']),
      options: {},
      files: read([
        'pipeline/pipeline.yaml',
        ...samples,
        'data/samples/events.bad.ndjson',
        'data/samples/sessions.bad.ndjson',
        ...schemas,
        'pipeline/models/user_activity.sql',
        'pipeline/models/user_features.sql',
        'contracts/user_activity.odcs.yaml',
        'contracts/user_features.odcs.yaml',
        'quality/reconciliation.yaml',
      ]),
      warm: 3,
    },
    {
      label: 'openlineage (pipeline)',
      check: 'openlineage',
      paths: inPlan(['pipeline/pipeline.yaml']),
      options: {},
      files: read(['pipeline/pipeline.yaml', 'pipeline/models/user_activity.sql', 'pipeline/models/user_features.sql']),
    },
    {
      label: 'topic-coverage',
      check: 'topic-coverage',
      paths: inPlan(['pipeline']),
      options: { asyncapi: at('contracts/asyncapi.yaml') },
      files: read(['contracts/asyncapi.yaml', 'pipeline/pipeline.yaml', 'pipeline/models/user_activity.sql']),
    },
    { label: 'validate-odcs', check: 'validate-odcs', paths: inPlan(odcs), options: { sla: true }, files: read(odcs) },
  ];
}
