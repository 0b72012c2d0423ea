import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { DataPipelineDomain, OUTPUTS } from './domain';
import { asyncapi, avroSchema, dataApi, jsonSchema, outputContract, pascal, paths, registry, sourceContract } from './render-contracts';
import { models, pipelineFile, qualityRules, reconciliation, samples } from './render-data';

/**
 * Every file of a data pipeline (plan-relative path → content): contracts/, pipeline/, quality/,
 * data/samples/ from the domain (serialised with JSON/YAML writers), and the data stack
 * (docker-compose.yml, monitoring/, the CI workflow, the Spark jobs) from templates/skills/data-stack.
 */
export function renderDataPipeline(domain: DataPipelineDomain): Map<string, string> {
  const files = new Map<string, string>();
  for (const d of domain.datasets) {
    for (const v of [1, 2] as const) {
      files.set(paths.jsonSchema(d.name, v), jsonSchema(domain, d, v));
      files.set(paths.avro(d.name, v), avroSchema(domain, d, v));
    }
    files.set(paths.odcs(d.name), sourceContract(domain, d));
  }
  for (const o of OUTPUTS) files.set(paths.odcs(o), outputContract(domain, o));
  files.set(paths.registry, registry(domain));
  files.set(paths.asyncapi, asyncapi(domain));
  files.set(paths.openapi, dataApi(domain));
  for (const [p, c] of samples(domain)) files.set(p, c);
  files.set('quality/rules.yaml', qualityRules(domain));
  files.set('quality/reconciliation.yaml', reconciliation(domain));
  files.set('pipeline/pipeline.yaml', pipelineFile(domain));
  for (const [p, c] of models(domain)) files.set(p, c);
  for (const [p, c] of renderTemplateDir(templatesDir('skills', 'data-stack'), { ...domain, pascal }, {})) files.set(p, c);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
