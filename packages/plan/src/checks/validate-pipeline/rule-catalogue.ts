import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'pipeline/not-found': { severity: 'error', help: 'The pipeline metadata.yaml (or its folder) does not exist or cannot be read.' },
  'pipeline/too-large': { severity: 'error', help: 'The metadata file is over the size cap.' },
  'pipeline/yaml-syntax': { severity: 'error', help: 'metadata.yaml is not valid YAML.' },
  'pipeline/yaml-warning': { severity: 'warning', help: 'The YAML parser warns about the file.' },
  'pipeline/duplicate-key': { severity: 'warning', help: 'A key appears twice: Mage keeps only the last value.' },
  'pipeline/empty': { severity: 'error', help: 'metadata.yaml is empty.' },
  'pipeline/not-a-mapping': { severity: 'error', help: 'metadata.yaml is not a mapping with uuid, type and blocks.' },
  'pipeline/missing-key': { severity: 'error', help: 'A required key (uuid, type, blocks; per block uuid and type) is missing.' },
  'pipeline/invalid-value': { severity: 'error', help: 'A value has the wrong type or form (uuid, upstream/downstream lists, ...).' },
  'pipeline/unknown-pipeline-type': { severity: 'error', help: 'The pipeline type is not one Mage knows.' },
  'pipeline/unknown-block-type': { severity: 'error', help: 'A block type is not one Mage knows.' },
  'pipeline/unknown-language': { severity: 'error', help: 'A block language is not one Mage knows.' },
  'pipeline/duplicate-uuid': { severity: 'error', help: 'Two blocks share a uuid.' },
  'pipeline/dangling-reference': {
    severity: 'error',
    help: 'An upstream/downstream entry names no block of the pipeline (Mage drops it).',
  },
  'pipeline/asymmetric-edge': {
    severity: 'warning',
    help: 'An edge is listed on one side only (upstream of one block, not downstream of the other).',
  },
  'pipeline/cycle': { severity: 'error', help: 'The blocks depend on each other in a cycle: a pipeline is a DAG.' },
  'pipeline/missing-block-type': {
    severity: 'error',
    help: 'The pipeline lacks a required block type (a data_loader, transformer and data_exporter).',
  },
  'pipeline/uuid-mismatch': { severity: 'warning', help: "The pipeline's uuid differs from its folder name." },
  'pipeline/block-files-skipped': { severity: 'info', help: 'No Mage project around the pipeline: block code files were not checked.' },
  'pipeline/missing-block-file': { severity: 'error', help: "A block's code file does not exist where Mage would look." },
  'pipeline/missing-decorator': { severity: 'error', help: "A block's code file lacks the decorator of its type (@data_loader, ...)." },
});

export type PipelineRule = RuleId<typeof rules>;
