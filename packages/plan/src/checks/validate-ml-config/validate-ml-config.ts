import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { lineColAt } from '../../utils/positions';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { TEXT_LIMITS } from '../read-text';
import { loadConfig, LoadedConfig } from './load-config';
import { ConfigFileRule, MlArea, MlConfigRule, rules } from './rule-catalogue';
import { configRules } from './rules';
import { configAgainstSpec } from './spec-rules';
import { loadTableSpec, LoadedSpec } from './table-spec-source';
import { viewOf } from './view';

export interface ValidateMlConfigOptions {
  modelPath?: string;
  schema?: string;
}

/** Larger than any sensible config; bigger files are refused rather than parsed. */
export const MAX_CONFIG_BYTES = TEXT_LIMITS.config;

export interface ConfigMetadata {
  path: string;
  features: string[];
  target: string | null;
  algorithm: string | null;
  mojo_path: string | null;
  table: string | null;
}

/**
 * validate-ml-config: "Config file has required fields; MOJO export path configured".
 * ml/config.yaml is read as the training script reads it (PyYAML, YAML 1.1) with positions, checked
 * against the zod format (ml-config-schema.ts), then across fields (rules.ts). With `modelPath`,
 * export.mojo_path must be the plan's MOJO file; with `schema`, the names must be columns of the
 * table spec (spec-rules.ts).
 *
 * metadata: `configs` (one per path: features, target, algorithm, mojo_path, table); with a single
 * path its fields are also copied to the top level.
 */
export const check: CheckDefinition<ValidateMlConfigOptions, MlConfigRule> = {
  name: 'validate-ml-config',
  rules,
  summary: 'ml/config.yaml has the required fields with the right types, consistent features, split and export path',
  pathsDescription: 'ml/config.yaml files',
  options: [
    {
      name: 'modelPath',
      type: 'string',
      description: "The plan's MOJO file (e.g. models/churn_model.zip): export.mojo_path must equal it",
    },
    {
      name: 'schema',
      type: 'string',
      description: 'schemas/<name>.json table spec: data.table, features and target must be its table and columns',
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-ml-config needs at least one path (ml/config.yaml).');
    for (const key of ['modelPath', 'schema'] as const) {
      const v = options[key];
      if (v !== undefined && (typeof v !== 'string' || v.trim() === ''))
        throw new CheckUsageError(`validate-ml-config: ${key} must be a non-empty path.`);
    }
    const findings: Finding<MlConfigRule>[] = [];
    const configs: ConfigMetadata[] = [];
    let spec: LoadedSpec<'ml-config'> | undefined;
    if (options.schema !== undefined) {
      spec = await loadTableSpec(context.cwd, options.schema, 'ml-config');
      findings.push(...spec.findings);
    }
    for (const given of paths) {
      const read = await readConfig(context.cwd, given, 'ml-config');
      if ('finding' in read) {
        findings.push(read.finding);
        configs.push({ path: given, features: [], target: null, algorithm: null, mojo_path: null, table: null });
        continue;
      }
      const loaded = loadConfig(read.text, given);
      findings.push(...byPosition([...loaded.findings, ...crossFieldFindings(loaded, given, options, spec)]));
      configs.push(metadataOf(given, loaded));
    }
    const metadata: Record<string, unknown> = { configs };
    if (configs.length === 1) Object.assign(metadata, configs[0]);
    return resultOf('validate-ml-config', findings, metadata);
  },
};

function crossFieldFindings(
  loaded: LoadedConfig,
  given: string,
  options: ValidateMlConfigOptions,
  spec: LoadedSpec<'ml-config'> | undefined,
): Finding<MlConfigRule>[] {
  if (loaded.value === undefined || loaded.value === null || typeof loaded.value !== 'object' || Array.isArray(loaded.value)) return [];
  const view = viewOf(loaded.value);
  const out = configRules({ value: loaded.value, view, doc: loaded.doc, file: given, modelPath: options.modelPath });
  if (spec?.spec && options.schema) {
    out.push(
      ...configAgainstSpec({ view, spec: spec.spec, specFile: options.schema, file: given, locate: loaded.doc.locate, area: 'ml-config' }),
    );
  }
  return out;
}

/** Top-to-bottom order reads like the file (the sort is stable for equal positions). */
function byPosition<R extends string>(findings: Finding<R>[]): Finding<R>[] {
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function metadataOf(given: string, loaded: LoadedConfig): ConfigMetadata {
  const view = viewOf(loaded.value);
  return {
    path: given,
    features: view.features.map((f) => f.name),
    target: view.target?.name ?? null,
    algorithm: view.algorithm?.name ?? null,
    mojo_path: view.mojoPath?.name ?? null,
    table: view.table?.name ?? null,
  };
}

/** The config text, or the finding that says why it cannot be read (under the caller's rule prefix). */
export async function readConfig<A extends MlArea>(
  cwd: string,
  given: string,
  area: A,
): Promise<{ text: string } | { finding: Finding<`${A}/${ConfigFileRule}`> }> {
  const absolute = path.resolve(cwd, given);
  const stat = await fs.stat(absolute).catch(() => undefined);
  const fail = (rule: ConfigFileRule, message: string, at?: { line: number; column: number }) => ({
    finding: { rule: `${area}/${rule}` as const, severity: 'error' as const, message, file: given, ...at },
  });
  if (!stat) return fail('not-found', `${given} does not exist: create ml/config.yaml (the training task writes it) or fix the path.`);
  if (!stat.isFile()) return fail('not-a-file', `${given} is not a regular file: give the path of ml/config.yaml.`);
  if (stat.size > MAX_CONFIG_BYTES)
    return fail(
      'too-large',
      `${given} is ${stat.size} bytes; a config over ${MAX_CONFIG_BYTES} bytes is refused. Give the real ml/config.yaml.`,
    );
  const buffer = await fs.readFile(absolute).catch(() => undefined);
  if (!buffer) return fail('unreadable', `Cannot read ${given}: check its permissions.`);
  const text = buffer.toString('utf8');
  if (text.includes('\uFFFD') && !isValidUtf8(buffer)) {
    return fail(
      'encoding',
      `${given} is not valid UTF-8: save it as UTF-8 (PyYAML refuses other bytes).`,
      lineColAt(text, text.indexOf('\uFFFD')),
    );
  }
  return { text };
}

function isValidUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}
