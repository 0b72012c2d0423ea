import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The vendored OpenLineage schemas (SOURCE.md), compiled once per process. */
export interface LineageValidators {
  event: ValidateFunction;
  datasetFacets: ValidateFunction;
  jobFacets: ValidateFunction[];
}

let compiled: LineageValidators | undefined;

export function lineageValidators(): LineageValidators {
  if (compiled) return compiled;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv2020 = require('ajv/dist/2020').default;
  const addFormats = require('ajv-formats').default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const load = (name: string) => JSON.parse(readFileSync(path.join(__dirname, 'schema', name), 'utf8')) as Record<string, unknown>;
  const core = load('OpenLineage.json');
  const facets = ['SchemaDatasetFacet.json', 'SQLJobFacet.json', 'JobTypeJobFacet.json'].map(load);
  ajv.addSchema(core);
  for (const f of facets) ajv.addSchema(f);
  compiled = {
    event: ajv.getSchema(String(core.$id)) as ValidateFunction,
    datasetFacets: ajv.getSchema(String(facets[0].$id)) as ValidateFunction,
    jobFacets: [ajv.getSchema(String(facets[1].$id)) as ValidateFunction, ajv.getSchema(String(facets[2].$id)) as ValidateFunction],
  };
  return compiled;
}
