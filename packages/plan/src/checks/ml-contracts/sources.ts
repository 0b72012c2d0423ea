import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../contract';
import { TEXT_LIMITS } from '../read-text';
import type { TableSpec } from '../validate-schema/table-spec';
import { loadConfig, valueAt } from '../validate-ml-config/load-config';
import { loadTableSpec } from '../validate-ml-config/table-spec-source';
import { readConfig } from '../validate-ml-config/validate-ml-config';
import { ConfigView, viewOf } from '../validate-ml-config/view';
import type { Pos, ValuePath } from '../validate-ml-config/yaml-doc';
import { check as validateMojo } from '../validate-mojo/validate-mojo';
import { Located, ModelField, readClassFields, readTableName } from './python-facts';
import type { RuleSuffix } from '../rule-catalogue';
import type { MlContractsRule } from './rule-catalogue';

/**
 * Each side of a contract read into plain facts. A side that cannot be read yields findings and
 * no facts, and the rules skip every comparison that needs it (so one broken file gives one
 * finding, not one per name). Deeper validation of each file is its own check's job.
 */
const AREA = 'ml-contracts' as const;
const MAX_PYTHON_BYTES = TEXT_LIMITS.python;
export const DEFAULT_REQUEST_CLASS = 'PredictionRequest';

export interface ConfigSide {
  file: string;
  view: ConfigView;
  /** false when data.features is missing or not a list (nothing to compare). */
  hasFeatures: boolean;
  locate(path: ValuePath, what?: 'key' | 'value'): Pos;
}

export interface SpecSide {
  file: string;
  spec: TableSpec;
}

export interface MojoSide {
  file: string;
  features: string[];
  response: string | null;
}

export interface RequestSide {
  file: string;
  className: string;
  classPos: Located;
  fields: ModelField[];
}

export interface ExporterSide {
  file: string;
  table: string;
  pos: Located;
}

type Sink = Finding<MlContractsRule>[];

const error = (
  rule: RuleSuffix<MlContractsRule, 'ml-contracts/'>,
  message: string,
  file: string,
  pos?: Located,
): Finding<MlContractsRule> => ({
  rule: `${AREA}/${rule}`,
  severity: 'error',
  message,
  file,
  ...(pos ?? {}),
});

export async function readConfigSide(cwd: string, given: string, findings: Sink): Promise<ConfigSide | undefined> {
  const read = await readConfig(cwd, given, AREA);
  if ('finding' in read) {
    findings.push(read.finding);
    return undefined;
  }
  const loaded = loadConfig(read.text, given);
  const value = loaded.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const first = loaded.findings[0];
    findings.push(
      error(
        'config-invalid',
        `${first ? first.message : 'The config cannot be read.'} Fix ml/config.yaml first (run validate-ml-config on ${given}).`,
        given,
        first?.line !== undefined ? { line: first.line, column: first.column ?? 1 } : { line: 1, column: 1 },
      ),
    );
    return undefined;
  }
  const hasFeatures = Array.isArray(valueAt(value, ['data', 'features']));
  if (!hasFeatures) {
    findings.push(
      error(
        'config-invalid',
        `data.features is missing or not a list, so there is nothing to compare: list the feature columns (run validate-ml-config on ${given}).`,
        given,
        loaded.doc.locate(['data', 'features'], 'key'),
      ),
    );
  }
  return { file: given, view: viewOf(value), hasFeatures, locate: loaded.doc.locate };
}

export async function readSpecSide(cwd: string, given: string, findings: Sink): Promise<SpecSide | undefined> {
  const loaded = await loadTableSpec(cwd, given, AREA);
  findings.push(...loaded.findings);
  return loaded.spec ? { file: given, spec: loaded.spec } : undefined;
}

export async function readMojoSide(cwd: string, given: string, hint: string | undefined, findings: Sink): Promise<MojoSide | undefined> {
  const stat = await fs.stat(path.resolve(cwd, given)).catch(() => undefined);
  if (!stat) {
    const how = hint?.trim() ? hint.trim() : 'train the model (the training task exports it with model.download_mojo)';
    findings.push(
      error('mojo-missing', `MOJO ${given} does not exist yet, so its columns cannot be compared: ${how} to produce it.`, given),
    );
    return undefined;
  }
  // validate-mojo's reader: bounded zip reading and model.ini as H2O parses it.
  const result = await validateMojo.run([given], {}, { cwd });
  const meta = result.metadata as { features?: unknown; response?: unknown } | undefined;
  if (!Array.isArray(meta?.features) || !meta.features.every((f) => typeof f === 'string')) {
    const first = result.findings.find((f) => f.severity === 'error');
    findings.push(
      error(
        'mojo-invalid',
        `Cannot read the MOJO's columns${first ? ` (${first.message})` : ''}: run validate-mojo on ${given} and re-export the model.`,
        given,
      ),
    );
    return undefined;
  }
  return { file: given, features: meta.features as string[], response: typeof meta.response === 'string' ? meta.response : null };
}

/** `api/models/prediction.py:PredictionRequest` → file and class (default PredictionRequest). */
export function splitRequestModel(spec: string): { file: string; className: string } {
  const m = /^(.*\.pyi?):([A-Za-z_][A-Za-z0-9_]*)$/.exec(spec);
  return m ? { file: m[1], className: m[2] } : { file: spec, className: DEFAULT_REQUEST_CLASS };
}

export async function readRequestSide(cwd: string, spec: string, findings: Sink): Promise<RequestSide | undefined> {
  const { file, className } = splitRequestModel(spec);
  const source = await readPython(cwd, file, 'the request model (the prediction task writes it)', findings);
  if (source === undefined) return undefined;
  const facts = await readClassFields(source, className);
  if (!facts.classPos) {
    const others = facts.classNames.length ? ` (classes found: ${facts.classNames.slice(0, 10).join(', ')})` : '';
    const broken = facts.hasParseError ? ' The file also has syntax errors (run lint-endpoints).' : '';
    findings.push(
      error(
        'request-class-missing',
        `No module-level class ${className} in ${file}${others}: define the Pydantic request model there, one field per feature.${broken}`,
        file,
        { line: 1, column: 1 },
      ),
    );
    return undefined;
  }
  return { file, className, classPos: facts.classPos, fields: facts.fields };
}

export async function readExporterSide(cwd: string, given: string, findings: Sink): Promise<ExporterSide | undefined> {
  const source = await readPython(cwd, given, 'the data exporter (the pipeline task writes it)', findings);
  if (source === undefined) return undefined;
  const facts = await readTableName(source);
  if (!facts.pos) {
    findings.push(
      error(
        'table-name-missing',
        `${given} has no module-level TABLE_NAME: add \`TABLE_NAME = '<table>'\` naming the table it writes (the contract with ml/config.yaml data.table).`,
        given,
        { line: 1, column: 1 },
      ),
    );
    return undefined;
  }
  if (facts.value === undefined) {
    findings.push(
      error(
        'table-name-invalid',
        `TABLE_NAME cannot be read: ${facts.problem ?? 'unknown value'}. Assign a plain string literal, e.g. TABLE_NAME = 'churn'.`,
        given,
        facts.pos,
      ),
    );
    return undefined;
  }
  return { file: given, table: facts.value, pos: facts.pos };
}

async function readPython(cwd: string, given: string, what: string, findings: Sink): Promise<string | undefined> {
  const absolute = path.resolve(cwd, given);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) {
    findings.push(error('not-found', `${given} does not exist: create ${what} or fix the option.`, given));
    return undefined;
  }
  if (!stat.isFile()) {
    findings.push(error('not-a-file', `${given} is not a regular file: give the Python file of ${what}.`, given));
    return undefined;
  }
  if (stat.size > MAX_PYTHON_BYTES) {
    findings.push(error('too-large', `${given} is ${stat.size} bytes; Python files over ${MAX_PYTHON_BYTES} bytes are refused.`, given));
    return undefined;
  }
  const text = await fs.readFile(absolute, 'utf8').catch(() => undefined);
  if (text === undefined) findings.push(error('unreadable', `Cannot read ${given}: check its permissions.`, given));
  return text;
}
