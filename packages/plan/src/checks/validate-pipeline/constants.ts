/**
 * Facts about Mage (mage-ai 0.9.79) that the rules depend on; see formats.md, "Mage pipelines".
 */

/** Every block `type` Mage knows; any other value makes Mage raise while loading the pipeline. */
export const BLOCK_TYPES = [
  'callback',
  'chart',
  'conditional',
  'custom',
  'data_exporter',
  'data_loader',
  'dbt',
  'dynamic_child',
  'extension',
  'global_data_product',
  'group',
  'hook',
  'markdown',
  'pipeline',
  'scratchpad',
  'sensor',
  'transformer',
] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];
export const BLOCK_TYPE_SET: ReadonlySet<string> = new Set(BLOCK_TYPES);

/** Pipeline `type` values; Mage stores others without complaint, so an unknown one is a warning. */
export const PIPELINE_TYPES: ReadonlySet<string> = new Set(['python', 'integration', 'streaming', 'pyspark', 'databricks']);

/** The plan's rule: a pipeline loads, transforms and exports. */
export const DEFAULT_REQUIRED_BLOCKS = ['data_loader', 'transformer', 'data_exporter'];

/** File extension by block `language` (Mage's BLOCK_LANGUAGE_TO_FILE_EXTENSION). */
export const EXTENSION_BY_LANGUAGE: Readonly<Record<string, string>> = {
  python: 'py',
  sql: 'sql',
  r: 'r',
  yaml: 'yaml',
  markdown: 'md',
};

/** Project folder holding a block type's files: `<type>s`, except the singular ones. */
export function folderOfType(type: string): string {
  if (type === 'custom' || type === 'dbt') return type;
  return `${type}s`;
}

/**
 * Types whose code Mage reads from a file under the project. Others (dbt models, charts, groups,
 * pipelines, global data products, ...) live elsewhere or are pure configuration.
 */
export const FILE_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'callback',
  'conditional',
  'custom',
  'data_exporter',
  'data_loader',
  'extension',
  'markdown',
  'scratchpad',
  'sensor',
  'transformer',
]);

/** Types whose missing file never breaks a run (documentation and scratch cells): warning only. */
export const NON_EXECUTED_TYPES: ReadonlySet<string> = new Set(['markdown', 'scratchpad']);

/** Decorator a python block of that type must carry, or Mage finds "no decorated functions". */
export const DECORATOR_BY_TYPE: Readonly<Record<string, string>> = {
  data_loader: 'data_loader',
  transformer: 'transformer',
  data_exporter: 'data_exporter',
  custom: 'custom',
  sensor: 'sensor',
};

/** Keys of the pipeline file that hold lists of blocks besides the main DAG (`blocks`). */
export const SIDE_LISTS = ['callbacks', 'conditionals', 'widgets'] as const;
