import type { Type } from 'avsc';
import { CheckDefinition, CheckUsageError, Finding, resultOf, Severity } from '../contract';
import { ajvFindings, where } from '../contract-files/ajv-findings';
import type { RuleSuffix } from '../rule-catalogue';
import { DataContractRule, rules } from './rule-catalogue';
import { readInput, sortFindings } from '../contract-files/read-input';
import { pointerPath, readYaml, ValuePath, YamlDocument } from '../contract-files/yaml-source';
import { avroRecordProblems, avroResolveProblem, isAvroSchema, parseAvro, pathOfMention } from './avro';
import { readerProblems } from './json-compat';
import { compileJsonSchema, dialectOf } from './json-schema';
import { readSamples } from './samples';

/**
 * Data contracts: JSON Schema (2020-12, 2019-09, draft-07) and Avro schemas are valid; sample
 * records are valid against them; and a new version is compatible with the previous one in the
 * direction a schema registry would enforce (`backward`: the new schema reads data written with
 * the previous one; `forward`: the previous schema reads new data; `full`: both).
 */
export type Compatibility = 'backward' | 'forward' | 'full' | 'none';

export interface DataContractOptions {
  samples?: string | string[];
  imports?: string | string[];
  previous?: string;
  compatibility?: Compatibility;
}

const RULE = 'data-contract';

export const check: CheckDefinition<DataContractOptions, DataContractRule> = {
  name: 'validate-data-contract',
  rules,
  summary: 'JSON Schema (2020-12, draft-07) and Avro schemas: valid, sample records conform, compatible with the previous version',
  pathsDescription: 'schema files (.json, .yaml JSON Schema; .avsc Avro)',
  options: [
    {
      name: 'samples',
      type: 'string[]',
      description: 'Sample record files (.json: a record or an array of records; .ndjson/.jsonl: one per line)',
    },
    { name: 'imports', type: 'string[]', description: 'Avro schema files defining named types the schemas refer to (as Avro imports)' },
    { name: 'previous', type: 'string', description: 'The previous version of the schema, to check compatibility against' },
    {
      name: 'compatibility',
      type: 'string',
      description: 'backward (new reads old data), forward (old reads new data), full (both) or none',
      default: 'backward',
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-data-contract needs at least one schema file.');
    const compatibility = options.compatibility ?? 'backward';
    if (!['backward', 'forward', 'full', 'none'].includes(compatibility))
      throw new CheckUsageError(`compatibility must be backward, forward, full or none (got "${String(compatibility)}").`);
    if (options.previous !== undefined && paths.length !== 1)
      throw new CheckUsageError('previous compares one schema with its earlier version: give exactly one schema path with it.');
    const samples = options.samples === undefined ? [] : Array.isArray(options.samples) ? options.samples : [options.samples];

    const findings: Finding<DataContractRule>[] = [];
    const schemas: Record<string, unknown>[] = [];
    const imports = options.imports === undefined ? [] : Array.isArray(options.imports) ? options.imports : [options.imports];
    const imported = await loadImports(imports, context.cwd, findings);
    for (const given of paths) {
      const loaded = await loadSchema(given, context.cwd, imported);
      findings.push(...loaded.findings);
      if (!loaded.schema) {
        schemas.push({ file: given, error: 'invalid' });
        continue;
      }
      const meta: Record<string, unknown> = { file: given, format: loaded.schema.format };
      if (loaded.schema.format === 'json-schema') meta.dialect = loaded.schema.dialect;
      else meta.name = loaded.schema.avroName;
      if (samples.length > 0) meta.samples = await checkSamples(loaded.schema, samples, context.cwd, findings);
      if (options.previous !== undefined && compatibility !== 'none') {
        meta.compatibility = await checkCompatibility(loaded.schema, options.previous, compatibility, context.cwd, imported, findings);
        meta.previous = options.previous;
      }
      schemas.push(meta);
    }
    return resultOf('validate-data-contract', sortFindings(findings), { compatibility, schemas });
  },
};

interface LoadedSchema {
  file: string;
  doc: YamlDocument;
  value: unknown;
  format: 'json-schema' | 'avro';
  dialect?: string;
  avroName?: string;
  validateRecord(record: unknown): { path: ValuePath; message: string }[];
  avroType?: Type;
}

/** Named Avro types of the import files, each parsed with the types of the ones before it. */
async function loadImports(files: string[], cwd: string, findings: Finding<DataContractRule>[]): Promise<Record<string, Type>> {
  const registry: Record<string, Type> = {};
  for (const file of files) {
    const loaded = await loadSchema(file, cwd, registry, true);
    findings.push(...loaded.findings);
    if (loaded.schema && loaded.schema.format !== 'avro')
      findings.push({
        rule: `${RULE}/imports`,
        severity: 'error',
        message: 'imports lists Avro schema files only; this is a JSON Schema.',
        file,
      });
  }
  return registry;
}

async function loadSchema(
  given: string,
  cwd: string,
  registry: Record<string, Type>,
  keepTypes = false,
): Promise<{ schema?: LoadedSchema; findings: Finding<DataContractRule>[] }> {
  const input = await readInput(given, cwd, RULE);
  if ('finding' in input) return { findings: [input.finding] };
  const source = readYaml(input.text, given, { rule: RULE, reader: 'a schema parser' });
  if (source.findings.length > 0) return { findings: source.findings };
  const doc = source.documents[0];
  const at = (
    path: ValuePath,
    rule: RuleSuffix<DataContractRule, 'data-contract/'>,
    message: string,
    severity: Severity = 'error',
  ): Finding<DataContractRule> => ({
    rule: `${RULE}/${rule}`,
    severity,
    message,
    file: given,
    ...(doc ? doc.locate(path) : { line: 1, column: 1 }),
  });
  if (!doc || doc.value === null || typeof doc.value !== 'object') {
    return {
      findings: [
        at([], 'not-a-schema', 'A schema must be a JSON object (JSON Schema or an Avro record/enum/fixed) or an Avro union list.'),
      ],
    };
  }
  if (source.documents.length > 1)
    return { findings: [at([], 'not-a-schema', 'A schema file holds one document; this one has several (---).')] };

  if (isAvroSchema(doc.value, given)) {
    // A copy, so a schema that fails halfway leaves no types behind and each file sees only imports.
    const scope = { ...registry };
    const parsed = parseAvro(doc.value, scope);
    if ('error' in parsed) return { findings: [at(parsed.path, 'avro-schema', `Invalid Avro schema: ${parsed.error}.`)] };
    const type = parsed.type;
    if (keepTypes) Object.assign(registry, scope);
    return {
      findings: [],
      schema: {
        file: given,
        doc,
        value: doc.value,
        format: 'avro',
        avroName: (type as { name?: string }).name ?? type.typeName,
        avroType: type,
        validateRecord: (record) => avroRecordProblems(type, record),
      },
    };
  }

  if (Array.isArray(doc.value))
    return { findings: [at([], 'not-a-schema', 'A JSON Schema must be an object (or true/false), not a list.')] };
  const dialect = dialectOf(doc.value);
  if (typeof dialect !== 'string') {
    return {
      findings: [
        at(
          ['$schema'],
          'unsupported-dialect',
          `Unsupported $schema "${dialect.unsupported}": use https://json-schema.org/draft/2020-12/schema or http://json-schema.org/draft-07/schema#.`,
        ),
      ],
    };
  }
  const compiled = compileJsonSchema(doc.value, dialect);
  if (compiled.metaErrors.length > 0) {
    const findings = ajvFindings(compiled.metaErrors, doc, given, `${RULE}/json-schema`).map((f) => ({
      ...f,
      message: `Invalid JSON Schema (${dialect}): ${f.message}`,
    }));
    return { findings };
  }
  if (!compiled.validate) {
    const ref = /reference ([^ ]+)/.exec(compiled.compileError ?? '')?.[1];
    const path = ref ? pathOfMention(doc.value, `"${ref}"`) : [];
    return {
      findings: [
        at(path, 'json-schema', `The schema does not compile: ${compiled.compileError}. Fix it (a $ref must resolve inside this file).`),
      ],
    };
  }
  const validate = compiled.validate;
  const warnings = compiled.warnings.map((warning) => {
    const at = /at path "#([^"]*)"/.exec(warning)?.[1];
    return {
      path: at ? [...pointerPath(at), ...(/unknown format/.test(warning) ? ['format'] : [])] : [],
      message: `${warning.replace(/\.$/, '')}: ajv ignores it, so sample values are not checked against it.`,
    };
  });
  return {
    findings: warnings.map((w) => at(w.path, 'json-schema-ignored', w.message, 'warning')),
    schema: {
      file: given,
      doc,
      value: doc.value,
      format: 'json-schema',
      dialect,
      validateRecord: (record) => {
        if (validate(record)) return [];
        return (validate.errors ?? []).map((e) => ({
          path: e.instancePath
            .split('/')
            .slice(1)
            .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')),
          message:
            e.keyword === 'additionalProperties' ? `unknown property "${String(e.params.additionalProperty)}"` : (e.message ?? e.keyword),
        }));
      },
    },
  };
}

async function checkSamples(schema: LoadedSchema, samples: string[], cwd: string, findings: Finding<DataContractRule>[]) {
  const summary: { file: string; records: number; invalid: number }[] = [];
  for (const sample of samples) {
    const read = await readSamples(sample, cwd);
    findings.push(...read.findings);
    let invalid = 0;
    for (const record of read.records) {
      const problems = schema.validateRecord(record.value);
      if (problems.length > 0) invalid++;
      for (const problem of problems.slice(0, 20)) {
        findings.push({
          rule: `${RULE}/sample`,
          severity: 'error',
          message: `Sample ${record.label}${problem.path.length ? ` at ${where(problem.path)}` : ''} does not conform to ${schema.file}: ${problem.message}.`,
          file: record.file,
          ...record.locate(problem.path),
        });
      }
    }
    summary.push({ file: sample, records: read.records.length, invalid });
  }
  return summary;
}

async function checkCompatibility(
  schema: LoadedSchema,
  previousPath: string,
  mode: Compatibility,
  cwd: string,
  imported: Record<string, Type>,
  findings: Finding<DataContractRule>[],
) {
  const previous = await loadSchema(previousPath, cwd, imported);
  if (!previous.schema) {
    findings.push(...previous.findings, {
      rule: `${RULE}/compatibility`,
      severity: 'error',
      message: `The previous version ${previousPath} is not a valid schema, so compatibility cannot be decided: fix or replace it.`,
      file: schema.file,
      ...schema.doc.locate([]),
    });
    return { ok: false, decided: false };
  }
  const old = previous.schema;
  if (old.format !== schema.format) {
    findings.push({
      rule: `${RULE}/compatibility`,
      severity: 'error',
      message: `${schema.file} is ${schema.format} but the previous version ${previousPath} is ${old.format}: compare versions of the same format.`,
      file: schema.file,
      ...schema.doc.locate([]),
    });
    return { ok: false, decided: false };
  }
  const directions: ('backward' | 'forward')[] = mode === 'full' ? ['backward', 'forward'] : [mode as 'backward' | 'forward'];
  let ok = true;
  for (const direction of directions) {
    // backward: the new schema (reader) must read data written with the previous one (writer).
    const [reader, writer] = direction === 'backward' ? [schema, old] : [old, schema];
    const explain =
      direction === 'backward'
        ? `not backward compatible with ${previousPath}: consumers on the new schema cannot read data written with the previous one`
        : `not forward compatible with ${previousPath}: consumers still on the previous schema cannot read data written with the new one`;
    if (schema.format === 'avro') {
      const problem = avroResolveProblem(reader.avroType!, writer.avroType!);
      if (problem) {
        ok = false;
        // Point at the node the resolver names, in the new schema when it is there.
        const inNew = pathOfMention(schema.value, problem);
        findings.push({
          rule: `${RULE}/compatibility`,
          severity: 'error',
          message: `${direction === 'backward' ? 'Backward' : 'Forward'} incompatible: ${problem} (${explain}).${
            /default-less/.test(problem) ? ' Give the field a default, or keep it in both versions.' : ''
          }`,
          file: schema.file,
          ...schema.doc.locate(inNew),
        });
      }
    } else {
      for (const problem of readerProblems(
        reader.value,
        writer.value,
        direction === 'backward'
          ? { reader: 'the new schema', writer: 'the previous one' }
          : { reader: 'the previous schema', writer: 'the new one' },
      )) {
        if (problem.severity === 'error') ok = false;
        findings.push({
          rule: `${RULE}/compatibility`,
          severity: problem.severity,
          message: `${direction === 'backward' ? 'Backward' : 'Forward'} ${problem.severity === 'error' ? 'incompatible' : 'not checked'}: ${where(problem.path)}: ${problem.message} (${explain}).`,
          file: schema.file,
          ...schema.doc.locate(problem.path),
        });
      }
    }
  }
  return { ok, decided: true };
}
