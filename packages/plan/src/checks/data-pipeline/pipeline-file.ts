import { Finding } from '../contract';
import { readInput } from '../contract-files/read-input';
import { readYaml, ValuePath, YamlDocument } from '../contract-files/yaml-source';
import { isObj } from './columns';

/**
 * pipeline/pipeline.yaml: what the pipeline reads (sources: a dataset per topic, its records, its
 * JSON Schema contract, its retry policy), the SQL models it runs in order (each with the ODCS
 * contract its output must meet), the reconciliation rules and where it writes. Read by
 * pipeline-run (runs it), openlineage (the events it emits) and topic-coverage (its topics).
 */
export interface PipelineSource {
  dataset: string;
  topic?: string;
  path: string;
  rejects?: string;
  schema: string;
  contract?: string;
  retry: { attempts: number; backoffMs: number };
  at: ValuePath;
}

export interface PipelineModel {
  name: string;
  sql: string;
  contract?: string;
  at: ValuePath;
}

export interface PipelineSpec {
  file: string;
  doc: YamlDocument;
  name: string;
  namespace: string;
  sources: PipelineSource[];
  models: PipelineModel[];
  reconciliation?: string;
  output: string;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

export async function readPipelineFile(given: string, cwd: string): Promise<{ spec?: PipelineSpec; findings: Finding[] }> {
  const input = await readInput(given, cwd, 'pipeline');
  if ('finding' in input) return { findings: [input.finding] };
  const source = readYaml(input.text, given, { rule: 'pipeline', reader: 'the pipeline runner' });
  if (source.findings.length > 0) return { findings: source.findings };
  const doc = source.documents[0];
  const findings: Finding[] = [];
  const bad = (p: ValuePath, message: string, what: 'key' | 'value' = 'value') =>
    findings.push({
      rule: 'pipeline/spec',
      severity: 'error',
      message,
      file: given,
      ...(doc ? doc.locate(p, what) : { line: 1, column: 1 }),
    });
  if (!doc || !isObj(doc.value)) {
    bad([], 'A pipeline file is a mapping with name, sources and models.');
    return { findings };
  }
  const root = doc.value;
  for (const key of Object.keys(root))
    if (!['version', 'name', 'namespace', 'sources', 'models', 'reconciliation', 'output'].includes(key))
      bad([key], `Unknown key "${key}": use version, name, namespace, sources, models, reconciliation, output.`, 'key');
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const name = str(root.name) ?? 'pipeline';
  const names = new Set<string>();
  const sources: PipelineSource[] = [];
  if (!Array.isArray(root.sources) || root.sources.length === 0) bad(['sources'], '`sources` must list at least one source dataset.');
  else
    root.sources.forEach((raw, i) => {
      const at: ValuePath = ['sources', i];
      if (!isObj(raw)) return bad(at, 'A source is a mapping: { dataset, path, schema, ... }.');
      const dataset = str(raw.dataset);
      if (!dataset || !NAME.test(dataset)) return bad([...at, 'dataset'], '`dataset` must be a snake_case name (the table it lands in).');
      if (names.has(dataset)) return bad([...at, 'dataset'], `Dataset "${dataset}" is declared twice.`);
      names.add(dataset);
      if (!str(raw.path)) return bad(at, `Source ${dataset} needs \`path\`: the newline-delimited JSON records its file connector reads.`);
      if (!str(raw.schema)) return bad(at, `Source ${dataset} needs \`schema\`: the JSON Schema contract its records must meet.`);
      const retry = isObj(raw.retry) ? raw.retry : {};
      const attempts = retry.attempts ?? 3;
      const backoffMs = retry.backoffMs ?? 100;
      if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1 || attempts > 10)
        return bad([...at, 'retry', 'attempts'], '`retry.attempts` must be an integer from 1 to 10.');
      if (typeof backoffMs !== 'number' || backoffMs < 0 || backoffMs > 60_000)
        return bad([...at, 'retry', 'backoffMs'], '`retry.backoffMs` must be a number of milliseconds from 0 to 60000.');
      sources.push({
        dataset,
        topic: str(raw.topic),
        path: raw.path as string,
        rejects: str(raw.rejects),
        schema: raw.schema as string,
        contract: str(raw.contract),
        retry: { attempts, backoffMs },
        at,
      });
    });
  const models: PipelineModel[] = [];
  if (root.models !== undefined && !Array.isArray(root.models)) bad(['models'], '`models` must be a list of { name, sql, contract }.');
  else
    (root.models ?? []).forEach((raw: unknown, i: number) => {
      const at: ValuePath = ['models', i];
      if (!isObj(raw)) return bad(at, 'A model is a mapping: { name, sql, contract }.');
      const modelName = str(raw.name);
      if (!modelName || !NAME.test(modelName))
        return bad([...at, 'name'], '`name` must be a snake_case name (the table the model creates).');
      if (names.has(modelName)) return bad([...at, 'name'], `"${modelName}" is already a source or model name.`);
      names.add(modelName);
      if (!str(raw.sql)) return bad(at, `Model ${modelName} needs \`sql\`: the file with its SELECT.`);
      models.push({ name: modelName, sql: raw.sql as string, contract: str(raw.contract), at });
    });
  return {
    findings,
    spec: {
      file: given,
      doc,
      name,
      namespace: str(root.namespace) ?? name,
      sources,
      models,
      reconciliation: str(root.reconciliation),
      output: str(root.output) ?? '.plan/pipeline',
    },
  };
}

/** Source and model names a model's SQL reads (FROM / JOIN), in order of first mention. */
export function tablesReadBy(sql: string, known: Iterable<string>): string[] {
  const names = new Set(known);
  const found: string[] = [];
  const stripped = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  for (const m of stripped.matchAll(/\b(?:from|join)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi)) {
    const name = m[1].toLowerCase();
    if (names.has(name) && !found.includes(name)) found.push(name);
  }
  return found;
}
