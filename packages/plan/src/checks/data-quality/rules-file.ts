import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Finding } from '../contract';
import { readInput } from '../contract-files/read-input';
import { readYaml, ValuePath, YamlDocument } from '../contract-files/yaml-source';
import { Column, columnsOf, isObj } from '../data-pipeline/columns';

/**
 * quality/rules.yaml: the quality rules as data. Each dataset names its records (newline-delimited
 * JSON) and its JSON Schema contract (the columns and their types); each rule names a dataset, a
 * column and what must hold. Everything is checked here before any rule runs, at the line of the
 * offending node.
 */
export const RULE_KINDS = ['not_null', 'unique', 'accepted_values', 'range', 'relationship', 'row_count', 'freshness'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface QualityDataset {
  name: string;
  path: string;
  schema: string;
  columns: Column[];
}

export interface QualityRule {
  index: number;
  kind: RuleKind;
  dataset: string;
  column?: string;
  values?: (string | number | boolean)[];
  min?: number | string;
  max?: number | string;
  to?: { dataset: string; column: string };
  maxAgeHours?: number;
  /** Where the rule is written (its `rule:` key), for findings about the rule as a whole. */
  line: number;
  column1: number;
}

export interface RulesFile {
  file: string;
  doc: YamlDocument;
  now?: string;
  datasets: Map<string, QualityDataset>;
  rules: QualityRule[];
}

const PER_COLUMN: RuleKind[] = ['not_null', 'unique', 'accepted_values', 'range', 'relationship', 'freshness'];

export async function readRulesFile(given: string, cwd: string): Promise<{ rules?: RulesFile; findings: Finding[] }> {
  const input = await readInput(given, cwd, 'quality');
  if ('finding' in input) return { findings: [input.finding] };
  const source = readYaml(input.text, given, { rule: 'quality', reader: 'the quality rules reader' });
  if (source.findings.length > 0) return { findings: source.findings };
  const doc = source.documents[0];
  const findings: Finding[] = [];
  const at = (p: ValuePath, message: string, what: 'key' | 'value' = 'value'): void => {
    findings.push({ rule: 'quality/rules-file', severity: 'error', message, file: given, ...doc.locate(p, what) });
  };
  if (!doc || !isObj(doc.value)) {
    findings.push({
      rule: 'quality/rules-file',
      severity: 'error',
      message: 'A rules file is a mapping with `datasets:` (name → path, schema) and `rules:` (a list).',
      file: given,
      line: 1,
      column: 1,
    });
    return { findings };
  }
  const root = doc.value;
  for (const key of Object.keys(root))
    if (!['version', 'now', 'datasets', 'rules'].includes(key))
      at([key], `Unknown key "${key}": use version, now, datasets, rules.`, 'key');
  let now: string | undefined;
  if (root.now !== undefined) {
    if (typeof root.now !== 'string' || Number.isNaN(Date.parse(root.now)))
      at(['now'], '`now` must be an ISO date-time (the reference time freshness is measured from), e.g. 2026-01-15T00:00:00Z.');
    else now = root.now;
  }

  const datasets = new Map<string, QualityDataset>();
  if (!isObj(root.datasets) || Object.keys(root.datasets).length === 0)
    at(['datasets'], '`datasets` must map each dataset name to { path, schema }.');
  else {
    for (const [name, spec] of Object.entries(root.datasets)) {
      if (!isObj(spec) || typeof spec.path !== 'string' || typeof spec.schema !== 'string') {
        at(['datasets', name], `Dataset "${name}" needs \`path\` (its newline-delimited JSON records) and \`schema\` (its JSON Schema).`);
        continue;
      }
      const schemaText = await fs.readFile(path.resolve(cwd, spec.schema), 'utf8').catch(() => undefined);
      if (schemaText === undefined) {
        at(['datasets', name, 'schema'], `Schema file ${spec.schema} does not exist: name the dataset's JSON Schema contract.`);
        continue;
      }
      let schema: unknown;
      try {
        schema = JSON.parse(schemaText);
      } catch {
        const yaml = readYaml(schemaText, spec.schema, { rule: 'quality', reader: 'a JSON Schema reader' });
        schema = yaml.documents[0]?.value;
      }
      const columns = columnsOf(schema);
      if (columns.length === 0) {
        at(['datasets', name, 'schema'], `${spec.schema} declares no properties: a dataset's contract must list its columns.`);
        continue;
      }
      if (
        !(await fs.stat(path.resolve(cwd, spec.path)).then(
          (s) => s.isFile(),
          () => false,
        ))
      )
        at(['datasets', name, 'path'], `Records file ${spec.path} does not exist: generate the samples or fix the path.`);
      datasets.set(name, { name, path: spec.path, schema: spec.schema, columns });
    }
  }

  const rules: QualityRule[] = [];
  if (!Array.isArray(root.rules) || root.rules.length === 0) at(['rules'], '`rules` must be a non-empty list of rules.');
  else {
    root.rules.forEach((raw, index) => {
      const base: ValuePath = ['rules', index];
      if (!isObj(raw)) return at(base, 'A rule is a mapping: { dataset, column, rule, ... }.');
      const kind = raw.rule;
      if (typeof kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(kind))
        return at([...base, 'rule'], `Unknown rule ${JSON.stringify(kind)}: use one of ${RULE_KINDS.join(', ')}.`);
      const pos = doc.locate([...base, 'rule'], 'key');
      const rule: QualityRule = { index, kind: kind as RuleKind, dataset: String(raw.dataset), line: pos.line, column1: pos.column };
      const dataset = typeof raw.dataset === 'string' ? datasets.get(raw.dataset) : undefined;
      if (!dataset) {
        if (isObj(root.datasets) && !(typeof raw.dataset === 'string' && raw.dataset in root.datasets))
          at(
            [...base, 'dataset'],
            `Unknown dataset ${JSON.stringify(raw.dataset)}: declare it under \`datasets:\` (${[...datasets.keys()].join(', ')}).`,
          );
        return;
      }
      if (PER_COLUMN.includes(rule.kind)) {
        if (typeof raw.column !== 'string') return at(base, `Rule ${kind} needs \`column\`: the column of ${dataset.name} it applies to.`);
        if (!dataset.columns.some((c) => c.name === raw.column))
          return at(
            [...base, 'column'],
            `Dataset ${dataset.name} has no column "${raw.column}" in ${dataset.schema}: columns are ${dataset.columns.map((c) => c.name).join(', ')}.`,
          );
        rule.column = raw.column;
      }
      switch (rule.kind) {
        case 'accepted_values':
          if (
            !Array.isArray(raw.values) ||
            raw.values.length === 0 ||
            !raw.values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))
          )
            return at([...base, 'values'], '`values` must be a non-empty list of scalars (the accepted values).');
          rule.values = raw.values as (string | number | boolean)[];
          break;
        case 'range':
        case 'row_count':
          for (const bound of ['min', 'max'] as const) {
            const v = raw[bound];
            if (v === undefined) continue;
            if (typeof v === 'number' && Number.isFinite(v)) rule[bound] = v;
            else if (rule.kind === 'range' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) rule[bound] = v;
            else
              return at(
                [...base, bound],
                `\`${bound}\` must be a number${rule.kind === 'range' ? ' (or an ISO date-time for a timestamp column)' : ''}.`,
              );
          }
          if (rule.min === undefined && rule.max === undefined) return at(base, `Rule ${kind} needs \`min\`, \`max\` or both.`);
          break;
        case 'relationship': {
          const to = typeof raw.to === 'string' ? /^([^.]+)\.(.+)$/.exec(raw.to) : null;
          const target = to ? datasets.get(to[1]) : undefined;
          if (!to || !target || !target.columns.some((c) => c.name === to[2]))
            return at([...base, 'to'], '`to` must name `<dataset>.<column>` of a declared dataset (the referenced key).');
          rule.to = { dataset: to[1], column: to[2] };
          break;
        }
        case 'freshness':
          if (typeof raw.maxAgeHours !== 'number' || !(raw.maxAgeHours > 0))
            return at([...base, 'maxAgeHours'], '`maxAgeHours` must be a positive number: the newest record may be at most this old.');
          rule.maxAgeHours = raw.maxAgeHours;
          break;
        default:
          break;
      }
      rules.push(rule);
    });
  }
  return { rules: { file: given, doc, now, datasets, rules }, findings };
}
