import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { sortFindings } from '../contract-files/read-input';
import { Column, columnsOf, typeFamily } from '../data-pipeline/columns';
import { lineageJobs, RunEvent, runEvents } from '../data-pipeline/lineage';
import { scratchDir, TableWriter } from '../data-pipeline/load-table';
import { PipelineSpec, readPipelineFile } from '../data-pipeline/pipeline-file';
import { Duck, duckError, ident, literal, openDuck } from '../duckdb/duckdb';
import { DeadLetter, ingestSource, IngestOutcome, openSource, SourceOpener } from './ingest';
import { compileContract } from './json-schema-validator';
import { fitsLogicalType, readOutputContract } from './output-contract';
import { readReconciliation } from './reconciliation';
import { PipelineRunRule, rules as catalogue } from './rule-catalogue';
import { portabilityProblems } from './spark-portable';

/**
 * Runs a pipeline (pipeline/pipeline.yaml) end to end on DuckDB: each source's file connector
 * enforces its contract (bad records to the dead-letter output with the reason; planted bad
 * records must land there, good ones must not), the SQL models run in order (and must stay portable
 * to Spark SQL), each output must meet its ODCS contract (columns, types, required, unique and
 * primary keys), and the reconciliation rules compare source and output measures. Writes the
 * outputs (Parquet), the dead letters, the OpenLineage events and the run's metrics (Prometheus
 * text format) under the pipeline's `output`.
 */
export interface PipelineRunOptions {
  /** `lint`: the models' portability to Spark SQL only (nothing runs); `ingest`: the connectors only; `all` (default): end to end. */
  stage?: 'lint' | 'ingest' | 'all';
  /** Load run: land each valid sample record this many times (1 to 10000) and run end to end at that volume. */
  scale?: number;
  /** Outputs (model names) whose contract is checked; default every model with a contract. */
  outputs?: string[];
  /** Evaluate the reconciliation rules (default true). */
  reconcile?: boolean;
  /** Check the models against their output contracts (default true). */
  conform?: boolean;
}

/** Test double boundary: how a source file is opened (retries are exercised through it). */
export const boundaries: { openSource: SourceOpener } = { openSource };

export const check: CheckDefinition<PipelineRunOptions, PipelineRunRule> = {
  name: 'pipeline-run',
  rules: catalogue,
  summary:
    'Runs a pipeline on its samples in DuckDB: contract enforcement with dead letters, SQL models, output contracts, reconciliation, lineage',
  pathsDescription: 'pipeline files (pipeline/pipeline.yaml)',
  options: [
    {
      name: 'stage',
      type: 'string',
      description: 'lint (models portable to Spark SQL), ingest (connectors only) or all (end to end)',
      default: 'all',
    },
    {
      name: 'scale',
      type: 'number',
      description: 'Load run: land each valid sample record this many times (rows/s in the metadata)',
      default: 1,
    },
    { name: 'outputs', type: 'string[]', description: 'Model outputs whose ODCS contract is checked (default: all)' },
    { name: 'reconcile', type: 'boolean', description: 'Evaluate the reconciliation rules', default: true },
    { name: 'conform', type: 'boolean', description: 'Check outputs against their contracts', default: true },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('pipeline-run needs a pipeline file (pipeline/pipeline.yaml).');
    const stage = options.stage ?? 'all';
    if (stage !== 'lint' && stage !== 'ingest' && stage !== 'all')
      throw new CheckUsageError(`stage must be lint, ingest or all (got "${String(stage)}").`);
    const scale = options.scale ?? 1;
    if (!Number.isInteger(scale) || scale < 1 || scale > 10_000)
      throw new CheckUsageError(`scale must be an integer from 1 to 10000 (got ${String(scale)}).`);
    const findings: Finding[] = [];
    const runs: Record<string, unknown>[] = [];
    for (const given of paths) {
      const read = await readPipelineFile(given, context.cwd);
      findings.push(...read.findings);
      if (!read.spec || read.findings.length > 0) {
        runs.push({ file: given, error: 'invalid pipeline file' });
        continue;
      }
      const spec = read.spec;
      const outcome = await memoised(spec, { ...options, stage, scale }, context.cwd, async () => {
        const own: Finding[] = [];
        const meta =
          stage === 'lint'
            ? await lintModels(spec, context.cwd, own)
            : await runPipeline(spec, { ...options, stage, scale }, context.cwd, own);
        return { findings: own, meta };
      });
      findings.push(...outcome.findings);
      runs.push(outcome.meta);
    }
    return resultOf('pipeline-run', sortFindings(findings) as Finding<PipelineRunRule>[], { runs });
  },
};

/**
 * Several items of a plan run the same pipeline with the same options (every ingestion item, say),
 * and a batch of Nx tasks runs in one process: a run is done once per content of everything it
 * reads (the pipeline file and every file it names) and options, and its result reused.
 */
const MEMO_LIMIT = 32;
const memo = new Map<string, Promise<{ findings: Finding[]; meta: Record<string, unknown> }>>();

async function memoised(
  spec: PipelineSpec,
  options: PipelineRunOptions,
  cwd: string,
  compute: () => Promise<{ findings: Finding[]; meta: Record<string, unknown> }>,
): Promise<{ findings: Finding[]; meta: Record<string, unknown> }> {
  const hash = createHash('sha256').update(JSON.stringify({ cwd: path.resolve(cwd), options, file: spec.file }));
  const named = [
    spec.file,
    ...spec.sources.flatMap((s) => [s.path, s.rejects, s.schema, s.contract]),
    ...spec.models.flatMap((m) => [m.sql, m.contract]),
    spec.reconciliation,
  ].filter((f): f is string => typeof f === 'string');
  for (const file of named) {
    const content = await fs.readFile(path.resolve(cwd, file)).catch(() => undefined);
    hash.update(`\0${file}\0`).update(content ?? 'missing');
  }
  const key = hash.digest('hex');
  let entry = memo.get(key);
  if (!entry) {
    entry = compute();
    memo.set(key, entry);
    entry.catch(() => memo.delete(key));
    if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  }
  const done = await entry;
  return { findings: done.findings.map((f) => ({ ...f })), meta: done.meta };
}

export async function runPipeline(
  spec: PipelineSpec,
  options: PipelineRunOptions,
  cwd: string,
  findings: Finding[],
): Promise<Record<string, unknown>> {
  const started = new Date();
  const at = (p: (string | number)[], rule: string, message: string): Finding => ({
    rule,
    severity: 'error',
    message,
    file: spec.file,
    ...spec.doc.locate(p),
  });
  const outDir = path.resolve(cwd, spec.output);
  await fs.mkdir(path.join(outDir, 'dead-letter'), { recursive: true });
  const duck = await openDuck();
  const fields = new Map<string, Column[]>();
  const sqlText = new Map<string, string>();
  const ingested: IngestOutcome[] = [];
  const modelRows: Record<string, number> = {};
  const failedJobs = new Set<string>();
  const newest = new Map<string, number>();
  try {
    // 1. Sources through their connectors.
    for (const source of spec.sources) {
      const schemaText = await fs.readFile(path.resolve(cwd, source.schema), 'utf8').catch(() => undefined);
      let schema: Record<string, unknown> | undefined;
      try {
        schema = schemaText === undefined ? undefined : (JSON.parse(schemaText) as Record<string, unknown>);
      } catch {
        schema = undefined;
      }
      const columns = columnsOf(schema);
      if (!schema || columns.length === 0) {
        findings.push(
          at(
            [...source.at, 'schema'],
            'pipeline/source',
            `Source ${source.dataset}: ${source.schema} is missing or not a JSON Schema with properties.`,
          ),
        );
        failedJobs.add(`ingest_${source.dataset}`);
        continue;
      }
      fields.set(source.dataset, columns);
      let validate;
      try {
        validate = compileContract(schema);
      } catch (error) {
        findings.push(
          at(
            [...source.at, 'schema'],
            'pipeline/source',
            `Source ${source.dataset}: ${source.schema} does not compile: ${(error as Error).message}.`,
          ),
        );
        failedJobs.add(`ingest_${source.dataset}`);
        continue;
      }
      const letters: string[] = [];
      const writer = await TableWriter.create(scratchDir(), source.dataset);
      const outcome = await ingestSource(
        source,
        columns,
        validate,
        cwd,
        writer,
        (entry: DeadLetter) => letters.push(JSON.stringify(entry)),
        boundaries.openSource,
      );
      await writeAtomic(path.join(outDir, 'dead-letter', `${source.dataset}.ndjson`), letters.length ? `${letters.join('\n')}\n` : '');
      await writer.load(duck, source.dataset, columns);
      ingested.push(outcome);
      if (outcome.error) {
        findings.push(at([...source.at, 'path'], 'pipeline/ingest', `Source ${source.dataset}: ${outcome.error}.`));
        failedJobs.add(`ingest_${source.dataset}`);
      }
      for (const wrong of outcome.wronglyRejected.slice(0, 10))
        findings.push({
          rule: 'pipeline/dead-letter',
          severity: 'error',
          message: `Source ${source.dataset}: this record was dead-lettered (${wrong.reason}); a sample in ${source.path} must meet ${source.schema} — fix the record or the contract.`,
          file: wrong.file,
          line: wrong.line,
          column: 1,
        });
      for (const wrong of outcome.wronglyAccepted.slice(0, 10))
        findings.push({
          rule: 'pipeline/dead-letter',
          severity: 'error',
          message: `Source ${source.dataset}: this planted bad record was accepted; the connector must dead-letter it (${source.schema} does not reject it — tighten the contract).`,
          file: wrong.file,
          line: wrong.line,
          column: 1,
        });
      // Reconciliation of the connector itself: every record read is landed or dead-lettered.
      const timestamp = columns.find((c) => c.duckType === 'TIMESTAMPTZ');
      if (timestamp) {
        const [row] = await duck.all(`SELECT max(${ident(timestamp.name)}) AS newest FROM ${ident(source.dataset)}`);
        if (typeof row.newest === 'string') newest.set(source.dataset, Date.parse(row.newest) / 1000);
      }
      const [landed] = await duck.all(`SELECT count(*) AS n FROM ${ident(source.dataset)}`);
      if (Number(landed.n) + outcome.rejected !== outcome.read)
        findings.push(
          at(
            source.at,
            'pipeline/reconciliation',
            `Source ${source.dataset}: ${outcome.read} records read but ${Number(landed.n)} landed and ${outcome.rejected} dead-lettered.`,
          ),
        );
    }

    // 2. Models, in order.
    if (options.stage !== 'ingest') {
      for (const model of spec.models) {
        const sql = await fs.readFile(path.resolve(cwd, model.sql), 'utf8').catch(() => undefined);
        if (sql === undefined) {
          findings.push(at([...model.at, 'sql'], 'pipeline/model', `Model ${model.name}: ${model.sql} does not exist.`));
          failedJobs.add(model.name);
          continue;
        }
        sqlText.set(model.name, sql);
        findings.push(...portability(model.name, model.sql, sql));
        const body = sql.trim().replace(/;\s*$/, '');
        try {
          await duck.run(`CREATE OR REPLACE TABLE ${ident(model.name)} AS ${body}`);
        } catch (error) {
          const e = duckError(error);
          // The statement is prefixed on line 1 by CREATE ... AS, so DuckDB's line numbers are the file's.
          const offset = sql.length - sql.trimStart().length;
          const lead = sql.slice(0, offset).split('\n').length - 1;
          findings.push({
            rule: 'pipeline/model',
            severity: 'error',
            message: `Model ${model.name} fails on DuckDB: ${e.message}`,
            file: model.sql,
            line: (e.line ?? 1) + lead,
            column:
              e.line === 1 && e.column
                ? Math.max(1, e.column - `CREATE OR REPLACE TABLE ${ident(model.name)} AS `.length)
                : (e.column ?? 1),
          });
          failedJobs.add(model.name);
          continue;
        }
        const described = await duck.all(`DESCRIBE ${ident(model.name)}`);
        fields.set(
          model.name,
          described.map((d) => ({ name: String(d.column_name), duckType: String(d.column_type), required: false })),
        );
        const [count] = await duck.all(`SELECT count(*) AS n FROM ${ident(model.name)}`);
        modelRows[model.name] = Number(count.n);
        // Written beside and renamed: runs of the same pipeline in parallel never see a half-written file.
        const parquet = path.join(outDir, `${model.name}.parquet`);
        const partial = `${parquet}.${process.pid}.${uniqueSuffix()}`;
        await duck.run(`COPY ${ident(model.name)} TO ${literal(partial)} (FORMAT parquet)`);
        await fs.rename(partial, parquet);
        const checked = options.outputs === undefined || options.outputs.includes(model.name);
        if (options.conform !== false && checked && model.contract) {
          const before = findings.length;
          await conformance(duck, model.name, model.sql, sql, model.contract, cwd, findings);
          if (findings.length > before) failedJobs.add(model.name);
        }
      }
      if (options.reconcile !== false && spec.reconciliation) await reconcile(duck, spec.reconciliation, cwd, findings);
    }
  } finally {
    duck.close();
  }

  // 3. Lineage: the OpenLineage events of this run.
  const ended = new Date();
  const jobs = lineageJobs(spec, (m) => sqlText.get(m) ?? '', fields).filter((j) => options.stage !== 'ingest' || j.kind === 'ingest');
  const events: RunEvent[] = jobs.flatMap((j) =>
    runEvents(spec, j, failedJobs.has(j.name) ? 'FAIL' : 'COMPLETE', started, ended, started.toISOString()),
  );
  await writeAtomic(path.join(outDir, 'lineage.ndjson'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');

  // 4. Metrics in the Prometheus text format, named as monitoring/alerts.yml expects (push them to the Pushgateway).
  const ok = !findings.some((f) => f.severity === 'error');
  const metric = (name: string, help: string, samples: [string, number][]) =>
    [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map(([labels, value]) => `${name}{${labels}} ${value}`)].join('\n');
  const label = (key: string, value: string) => `${key}="${value.replace(/["\\\n]/g, '_')}"`;
  await writeAtomic(
    path.join(outDir, 'metrics.prom'),
    [
      metric(
        'pipeline_dead_letter_records',
        'Records dead-lettered by the last run.',
        ingested.map((o) => [label('dataset', o.dataset), o.rejected]),
      ),
      metric(
        'pipeline_source_newest_record_timestamp_seconds',
        'Newest record of each source (freshness).',
        [...newest].map(([d, t]) => [label('dataset', d), t]),
      ),
      metric('pipeline_last_run_success', '1 when the last run met every contract.', [[label('pipeline', spec.name), ok ? 1 : 0]]),
      metric(
        'pipeline_last_success_timestamp_seconds',
        'When the pipeline last succeeded.',
        ok ? [[label('pipeline', spec.name), ended.getTime() / 1000]] : [],
      ),
    ].join('\n') + '\n',
  );

  const seconds = (ended.getTime() - started.getTime()) / 1000;
  const rows = ingested.reduce((n, o) => n + o.read, 0);
  return {
    file: spec.file,
    stage: options.stage,
    scale: options.scale ?? 1,
    seconds,
    rowsPerSecond: seconds > 0 ? Math.round(rows / seconds) : undefined,
    sources: ingested.map((o) => ({
      dataset: o.dataset,
      read: o.read,
      accepted: o.accepted,
      deadLettered: o.rejected,
      attempts: o.attempts,
    })),
    outputs: modelRows,
    lineageEvents: events.length,
    outputDir: spec.output,
  };
}

/** The models' SQL held to what DuckDB and Spark SQL read alike; nothing runs. */
async function lintModels(spec: PipelineSpec, cwd: string, findings: Finding[]): Promise<Record<string, unknown>> {
  for (const model of spec.models) {
    const sql = await fs.readFile(path.resolve(cwd, model.sql), 'utf8').catch(() => undefined);
    if (sql === undefined) {
      findings.push({
        rule: 'pipeline/model',
        severity: 'error',
        message: `Model ${model.name}: ${model.sql} does not exist.`,
        file: spec.file,
        ...spec.doc.locate([...model.at, 'sql']),
      });
      continue;
    }
    findings.push(...portability(model.name, model.sql, sql));
  }
  return { file: spec.file, stage: 'lint', models: spec.models.map((m) => m.name) };
}

function portability(model: string, file: string, sql: string): Finding[] {
  return portabilityProblems(sql).map((p) => ({
    rule: 'pipeline/spark-portable',
    severity: 'error' as const,
    message: `Model ${model}: \`${p.construct}\` is DuckDB-only, so the model would not run on Spark SQL: use ${p.use}.`,
    file,
    ...position(sql, p.offset),
  }));
}

async function conformance(
  duck: Duck,
  model: string,
  sqlFile: string,
  sql: string,
  contractFile: string,
  cwd: string,
  findings: Finding[],
): Promise<void> {
  const read = await readOutputContract(contractFile, cwd);
  findings.push(...read.findings);
  if (!read.contract) return;
  const contract = read.contract;
  const actual = new Map((await duck.all(`DESCRIBE ${ident(model)}`)).map((d) => [String(d.column_name), String(d.column_type)]));
  const where = (column?: string) => ({ file: sqlFile, ...columnPosition(sql, column) });
  const cite = (c: { at: (string | number)[] }) => {
    const pos = contract.doc.locate(c.at);
    return `${contractFile}:${pos.line}`;
  };
  for (const c of contract.columns) {
    const type = actual.get(c.name);
    if (type === undefined) {
      findings.push({
        rule: 'pipeline/output-column-missing',
        severity: 'error',
        message: `Output ${model} has no column "${c.name}", which its contract requires (${cite(c)}): select it in the model.`,
        ...where(),
      });
      continue;
    }
    if (!fitsLogicalType(typeFamily(type), c.logicalType))
      findings.push({
        rule: 'pipeline/output-type',
        severity: 'error',
        message: `Output ${model}.${c.name} is ${type} but its contract says ${c.logicalType} (${cite(c)}): cast it in the model.`,
        ...where(c.name),
      });
    if (c.required) {
      const [row] = await duck.all(`SELECT count(*) AS n FROM ${ident(model)} WHERE ${ident(c.name)} IS NULL`);
      if (Number(row.n) > 0)
        findings.push({
          rule: 'pipeline/output-null',
          severity: 'error',
          message: `Output ${model}.${c.name} is null in ${Number(row.n)} rows but its contract requires a value (${cite(c)}).`,
          ...where(c.name),
        });
    }
    if (c.unique)
      await duplicates(duck, model, [c.name], `${model}.${c.name} is unique in its contract (${cite(c)})`, where(c.name), findings);
  }
  const key = contract.columns.filter((c) => c.primaryKey && actual.has(c.name));
  if (key.length > 0)
    await duplicates(
      duck,
      model,
      key.map((c) => c.name),
      `the primary key of ${model} is (${key.map((c) => c.name).join(', ')}) in its contract (${cite(key[0])})`,
      where(key[0].name),
      findings,
    );
  for (const name of actual.keys())
    if (!contract.columns.some((c) => c.name === name))
      findings.push({
        rule: 'pipeline/output-extra-column',
        severity: 'warning',
        message: `Output ${model} has column "${name}" that its contract ${contractFile} does not declare: add it to the contract or drop it.`,
        ...where(name),
      });
}

async function duplicates(
  duck: Duck,
  model: string,
  columns: string[],
  why: string,
  pos: { file: string; line: number; column: number },
  findings: Finding[],
) {
  const cols = columns.map(ident).join(', ');
  const rows = await duck.all(
    `SELECT ${cols}, count(*) AS __n FROM ${ident(model)} WHERE ${columns.map((c) => `${ident(c)} IS NOT NULL`).join(' AND ')} GROUP BY ${cols} HAVING count(*) > 1 ORDER BY __n DESC LIMIT 3`,
  );
  if (rows.length === 0) return;
  const [total] = await duck.all(`SELECT count(*) AS n FROM (SELECT ${cols} FROM ${ident(model)} GROUP BY ${cols} HAVING count(*) > 1)`);
  const sample = rows.map((r) => `(${columns.map((c) => JSON.stringify(r[c])).join(', ')}) ×${r.__n}`).join(', ');
  findings.push({
    rule: 'pipeline/output-duplicate-key',
    severity: 'error',
    message: `Output ${model} repeats ${Number(total.n)} key value(s) — ${sample} — but ${why}: the model must produce one row per key.`,
    ...pos,
  });
}

async function reconcile(duck: Duck, file: string, cwd: string, findings: Finding[]): Promise<void> {
  const read = await readReconciliation(file, cwd);
  findings.push(...read.findings);
  for (const rule of read.rules) {
    const value = async (sql: string) => {
      const rows = await duck.all(sql);
      const first = rows[0] ? Object.values(rows[0])[0] : undefined;
      return first === null || first === undefined ? undefined : Number(first);
    };
    try {
      const [source, output] = [await value(rule.source), await value(rule.output)];
      const ok =
        source !== undefined && output !== undefined && Math.abs(source - output) <= rule.tolerance * Math.max(1, Math.abs(source));
      if (!ok)
        findings.push({
          rule: 'pipeline/reconciliation',
          severity: 'error',
          message: `Reconciliation "${rule.name}" fails: source ${source ?? 'null'} ≠ output ${output ?? 'null'}${rule.tolerance ? ` (tolerance ${rule.tolerance})` : ''}.`,
          file,
          line: rule.line,
          column: rule.column,
        });
    } catch (error) {
      findings.push({
        rule: 'pipeline/reconciliation',
        severity: 'error',
        message: `Reconciliation "${rule.name}" cannot be evaluated: ${duckError(error).message}`,
        file,
        line: rule.line,
        column: rule.column,
      });
    }
  }
}

let counter = 0;
function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

async function writeAtomic(file: string, content: string): Promise<void> {
  const partial = `${file}.${process.pid}.${uniqueSuffix()}`;
  await fs.writeFile(partial, content);
  await fs.rename(partial, file);
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Where a column is named in the model (its last mention as a word: the outer SELECT), else the last SELECT. */
function columnPosition(sql: string, column?: string): { line: number; column: number } {
  const masked = sql.replace(/--[^\n]*/g, (m) => ' '.repeat(m.length));
  if (column) {
    const re = new RegExp(`\\b${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi');
    const matches = [...masked.matchAll(re)];
    if (matches.length > 0) return position(sql, matches[matches.length - 1].index ?? 0);
  }
  const selects = [...masked.matchAll(/\bselect\b/gi)];
  return selects.length > 0 ? position(sql, selects[selects.length - 1].index ?? 0) : { line: 1, column: 1 };
}
