import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { DataQualityRule, rules as catalogue } from './rule-catalogue';
import { sortFindings } from '../contract-files/read-input';
import { fieldColumn, forEachRecord } from '../data-pipeline/ndjson';
import { scratchDir, TableWriter } from '../data-pipeline/load-table';
import { Duck, duckError, openDuck } from '../duckdb/duckdb';
import { evaluateRule } from './evaluate';
import { QualityRule, readRulesFile, RulesFile } from './rules-file';

/**
 * Quality rules as data (quality/rules.yaml), evaluated on DuckDB: not null, unique, accepted
 * values, ranges, referential integrity between datasets, row-count and freshness SLAs. A finding
 * names the dataset, the column and the rule; record-level findings sit at the offending record's
 * line (and the field's column) in the dataset's file, table-level ones at the rule.
 */
export interface DataQualityOptions {
  /** false: validate the rules file (datasets, columns, parameters) without evaluating a rule. */
  evaluate?: boolean;
  /** The reference time of freshness rules (ISO); default the rules file's `now`, else the clock. */
  now?: string;
}

const MAX_PER_RULE = 5;
/** Line texts kept to place findings at a field's column; above this, findings sit at column 1. */
const KEEP_TEXT_ROWS = 100_000;

export const check: CheckDefinition<DataQualityOptions, DataQualityRule> = {
  name: 'data-quality',
  rules: catalogue,
  summary:
    'Quality rules as data (not null, unique, accepted values, ranges, referential integrity, row count, freshness) evaluated on DuckDB',
  pathsDescription: 'quality rules files (quality/rules.yaml)',
  options: [
    { name: 'evaluate', type: 'boolean', description: 'false: only validate the rules against the dataset contracts', default: true },
    {
      name: 'now',
      type: 'string',
      description: "Reference time for freshness rules (ISO date-time); default the rules file's `now`, else the clock",
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('data-quality needs at least one rules file (quality/rules.yaml).');
    if (options.now !== undefined && Number.isNaN(Date.parse(options.now)))
      throw new CheckUsageError(`now must be an ISO date-time (got "${options.now}").`);
    const findings: Finding[] = [];
    const summaries: Record<string, unknown>[] = [];
    for (const given of paths) {
      const read = await readRulesFile(given, context.cwd);
      findings.push(...read.findings);
      if (!read.rules || read.findings.some((f) => f.severity === 'error')) {
        summaries.push({ file: given, error: 'invalid rules file' });
        continue;
      }
      if (options.evaluate === false) {
        summaries.push({ file: given, rules: read.rules.rules.length, evaluated: false });
        continue;
      }
      const now = new Date(options.now ?? read.rules.now ?? new Date().toISOString());
      summaries.push(await evaluateFile(read.rules, now, context.cwd, findings));
    }
    return resultOf('data-quality', sortFindings(findings) as Finding<DataQualityRule>[], { files: summaries });
  },
};

async function evaluateFile(rules: RulesFile, now: Date, cwd: string, findings: Finding[]): Promise<Record<string, unknown>> {
  const duck = await openDuck();
  const texts = new Map<string, Map<number, string>>();
  const rows: Record<string, number> = {};
  const results: Record<string, unknown>[] = [];
  try {
    const used = new Set(rules.rules.flatMap((r) => [r.dataset, ...(r.to ? [r.to.dataset] : [])]));
    for (const name of used) {
      const dataset = rules.datasets.get(name)!;
      const writer = await TableWriter.create(scratchDir(), name);
      const lines = new Map<number, string>();
      await forEachRecord(
        path.resolve(cwd, dataset.path),
        async (record) => {
          if (lines.size < KEEP_TEXT_ROWS) lines.set(record.line, record.text);
          await writer.add(record.line, record.value, dataset.columns);
        },
        (problem) =>
          findings.push({
            rule: 'quality/record',
            severity: 'error',
            message: `Dataset ${name}: line ${problem.line} is ${problem.message}; every line of ${dataset.path} must be one JSON record.`,
            file: dataset.path,
            line: problem.line,
            column: 1,
          }),
      );
      await writer.load(duck, name, dataset.columns);
      texts.set(name, lines);
      rows[name] = writer.rows;
    }
    for (const rule of rules.rules) {
      const outcome = await evaluateRule(duck, rule, now, MAX_PER_RULE).catch((error: unknown) => {
        findings.push(at(rules, rule, `could not be evaluated: ${duckError(error).message}`));
        return undefined;
      });
      if (!outcome) continue;
      results.push({
        dataset: rule.dataset,
        column: rule.column,
        rule: rule.kind,
        ok: outcome.ok,
        failing: outcome.failing,
        measured: outcome.measured,
      });
      if (outcome.ok) continue;
      if (outcome.records.length === 0) {
        findings.push(at(rules, rule, `fails: ${describe(rule)}; measured ${outcome.detail}.`));
        continue;
      }
      const dataset = rules.datasets.get(rule.dataset)!;
      for (const record of outcome.records) {
        const text = texts.get(rule.dataset)?.get(record.line);
        findings.push({
          rule: `quality/${rule.kind}`,
          severity: 'error',
          message: `${label(rule)}: ${recordProblem(rule, record.value)} (rule ${rule.kind} at ${rules.file}:${rule.line}; ${describe(rule)}).`,
          file: dataset.path,
          line: record.line,
          column: text && rule.column ? fieldColumn(text, rule.column) : 1,
        });
      }
      if (outcome.failing > outcome.records.length)
        findings.push(
          at(rules, rule, `fails for ${outcome.failing} records in all (the first ${outcome.records.length} are reported at their lines).`),
        );
    }
  } finally {
    duck.close();
  }
  return { file: rules.file, now: now.toISOString(), rows, rules: results };
}

function at(rules: RulesFile, rule: QualityRule, message: string): Finding {
  return {
    rule: `quality/${rule.kind}`,
    severity: 'error',
    message: `${label(rule)}: rule ${rule.kind} ${message}`,
    file: rules.file,
    line: rule.line,
    column: rule.column1,
  };
}

function label(rule: QualityRule): string {
  return rule.column ? `${rule.dataset}.${rule.column}` : rule.dataset;
}

function describe(rule: QualityRule): string {
  switch (rule.kind) {
    case 'not_null':
      return 'the column must always have a value';
    case 'unique':
      return 'each value may appear once';
    case 'accepted_values':
      return `accepted: ${rule.values!.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'range':
      return `allowed range ${rule.min ?? '-∞'} .. ${rule.max ?? '∞'}`;
    case 'relationship':
      return `every value must exist in ${rule.to!.dataset}.${rule.to!.column}`;
    case 'row_count':
      return `row count must be ${rule.min !== undefined ? `≥ ${rule.min}` : ''}${rule.min !== undefined && rule.max !== undefined ? ' and ' : ''}${rule.max !== undefined ? `≤ ${rule.max}` : ''}`;
    case 'freshness':
      return `the newest ${rule.column} must be at most ${rule.maxAgeHours} h old`;
  }
}

function recordProblem(rule: QualityRule, value: unknown): string {
  const shown = value === null || value === undefined ? 'null' : JSON.stringify(value);
  switch (rule.kind) {
    case 'not_null':
      return 'the value is missing or null (or not of the contract type)';
    case 'unique':
      return `duplicate value ${shown} (an earlier record has it)`;
    case 'accepted_values':
      return `value ${shown} is not an accepted value`;
    case 'range':
      return `value ${shown} is out of range`;
    case 'relationship':
      return `value ${shown} has no match in ${rule.to!.dataset}.${rule.to!.column}`;
    default:
      return `value ${shown}`;
  }
}
