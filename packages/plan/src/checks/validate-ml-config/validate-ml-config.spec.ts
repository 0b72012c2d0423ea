import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckUsageError, Finding } from '../contract';
import { runCheck } from '../run-check';
import { mlConfigJsonSchema, mlConfigSchema } from './ml-config-schema';
import { CONFIG_YAML, FEATURES, posOf, tableSpec, write } from './test-inputs';
import { declared } from '../../testing/declared-rules';
import { rules } from './rule-catalogue';
import { check } from './validate-ml-config';
import { parse } from 'yaml';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-ml-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const FILE = 'ml/config.yaml';
async function runText(text: string | Buffer, options: Record<string, unknown> = {}) {
  write(dir, FILE, text);
  return declared(rules, await check.run([FILE], options, { cwd: dir }));
}
const only = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);
/** The single finding of `rule`, asserting there is exactly one. */
function one(findings: Finding[], rule: string): Finding {
  const found = only(findings, rule);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('the format contract example', () => {
  it('passes with its metadata', async () => {
    const result = await runText(CONFIG_YAML);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.metadata).toMatchObject({
      path: FILE,
      features: FEATURES,
      target: 'churned',
      algorithm: 'glm',
      mojo_path: 'models/churn_model.zip',
      table: 'churn',
    });
  });

  it('is registered and runs through runCheck with modelPath and schema', async () => {
    write(dir, FILE, CONFIG_YAML);
    write(dir, 'schemas/churn.json', JSON.stringify(tableSpec(), null, 2));
    const result = await runCheck(
      'validate-ml-config',
      [FILE],
      { modelPath: 'models/churn_model.zip', schema: 'schemas/churn.json' },
      { cwd: dir },
    );
    expect(result).toMatchObject({ check: 'validate-ml-config', ok: true, findings: [] });
  });

  it('parses with the exported zod schema and publishes a JSON Schema', () => {
    expect(mlConfigSchema.safeParse(parse(CONFIG_YAML)).success).toBe(true);
    const schema = mlConfigJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'data', 'training', 'export']));
    const training = (schema.properties as Record<string, any>).training;
    expect(training.properties.algorithm.enum).toEqual(['glm', 'gbm', 'drf', 'xgboost', 'automl']);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('shape: unknown keys, missing keys, wrong types', () => {
  it('reports an unknown key at the key, with the nearest known key', async () => {
    const text = CONFIG_YAML.replace('  train_path:', '  trian_path:');
    const result = await runText(text);
    const f = one(result.findings, 'ml-config/unknown-key');
    expect(f).toMatchObject({ severity: 'error', file: FILE, ...posOf(text, 'trian_path') });
    expect(f.message).toContain('did you mean "train_path"');
    // the renamed key also leaves train_path missing, reported at the `data` key
    expect(one(result.findings, 'ml-config/missing-key')).toMatchObject({ ...posOf(text, 'data:') });
    expect(result.ok).toBe(false);
  });

  it('reports unknown keys in flow mappings and at the top level', async () => {
    const text = CONFIG_YAML.replace('max_mem_size: 4G', 'max_mem_size: 4G, threads: 2').replace('version: 1', 'version: 1\nextras: true');
    const result = await runText(text);
    const found = only(result.findings, 'ml-config/unknown-key');
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [posOf(text, 'extras').line, posOf(text, 'extras').column],
      [posOf(text, 'threads: 2').line, posOf(text, 'threads: 2').column],
    ]);
  });

  it('reports a missing required section at the top of the file', async () => {
    const text = CONFIG_YAML.replace(/export:\n(  .*\n)+/, '');
    const result = await runText(text);
    const f = one(result.findings, 'ml-config/missing-key');
    expect(f).toMatchObject({ line: 1, column: 1 });
    expect(f.message).toContain('export is required');
  });

  it('reports wrong types at the value', async () => {
    const text = CONFIG_YAML.replace('seed: 42', 'seed: forty-two').replace('nthreads: -1', 'nthreads: many');
    const result = await runText(text);
    const found = only(result.findings, 'ml-config/invalid-type');
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [posOf(text, 'forty-two').line, posOf(text, 'forty-two').column],
      [posOf(text, 'many').line, posOf(text, 'many').column],
    ]);
    expect(found[0].message).toContain('data.seed must be a number, found the string "forty-two"');
  });

  it('reports a non-string feature at its item and a scalar where a list is expected', async () => {
    let text = CONFIG_YAML.replace('support_calls, contract_type]', '3, contract_type]');
    let result = await runText(text);
    expect(one(result.findings, 'ml-config/invalid-type')).toMatchObject({ ...posOf(text, '3, contract_type') });
    text = CONFIG_YAML.replace('  ignored: [customer_id]', '  ignored: customer_id');
    result = await runText(text);
    const f = one(result.findings, 'ml-config/invalid-type');
    expect(f).toMatchObject({ ...posOf(text, 'customer_id') });
    expect(f.message).toContain('data.ignored must be a list');
  });

  it('reads the file as PyYAML does: y stays a string, yes is a boolean', async () => {
    let result = await runText(CONFIG_YAML.replace('target: churned', 'target: y'));
    expect(result.findings).toEqual([]);
    expect(result.metadata?.target).toBe('y');
    const text = CONFIG_YAML.replace('target: churned', 'target: yes');
    result = await runText(text);
    expect(one(result.findings, 'ml-config/invalid-type')).toMatchObject({ ...posOf(text, 'yes') });
  });

  it('rejects a version other than 1 and an unknown problem type', async () => {
    const text = CONFIG_YAML.replace('version: 1', 'version: 2').replace('problem_type: binary_classification', 'problem_type: binary');
    const result = await runText(text);
    const found = only(result.findings, 'ml-config/invalid-value');
    expect(found.map((f) => f.line)).toEqual([1, posOf(text, 'problem_type').line]);
    expect(found[1].column).toBe(posOf(text, 'binary').column);
  });
});

describe('rules across fields', () => {
  it('split must sum to 1 within 1e-6', async () => {
    expect((await runText(CONFIG_YAML.replace('test: 0.15', 'test: 0.1500001'))).findings).toEqual([]);
    const text = CONFIG_YAML.replace('valid: 0.15', 'valid: 0.2');
    const result = await runText(text);
    const f = one(result.findings, 'ml-config/split-sum');
    expect(f).toMatchObject({ severity: 'error', ...posOf(text, 'split') });
    expect(f.message).toContain('sums to 1.05');
  });

  it('a split fraction out of [0, 1] is an invalid value', async () => {
    const text = CONFIG_YAML.replace('train: 0.7', 'train: 1.7');
    const result = await runText(text);
    expect(one(result.findings, 'ml-config/invalid-value')).toMatchObject({ ...posOf(text, '1.7') });
  });

  it('categorical must be a subset of features', async () => {
    const text = CONFIG_YAML.replace('categorical: [contract_type]', 'categorical: [contract_type, region]');
    const result = await runText(text);
    const f = one(result.findings, 'ml-config/categorical-not-feature');
    expect(f).toMatchObject({ ...posOf(text, 'region') });
    expect(f.message).toContain('"region"');
  });

  it('the target must not be a feature', async () => {
    const text = CONFIG_YAML.replace('support_calls, contract_type]', 'support_calls, churned, contract_type]');
    const result = await runText(text);
    expect(one(result.findings, 'ml-config/target-in-features')).toMatchObject({ ...posOf(text, 'churned, contract_type') });
  });

  it('a duplicate feature is reported at its second occurrence (block list)', async () => {
    const text = CONFIG_YAML.replace(
      '  features: [tenure_months, monthly_charges, support_calls, contract_type]',
      '  features:\n    - tenure_months\n    - monthly_charges\n    - support_calls\n    - monthly_charges\n    - contract_type',
    );
    const result = await runText(text);
    expect(one(result.findings, 'ml-config/duplicate-feature')).toMatchObject({ ...posOf(text, 'monthly_charges', 2) });
  });

  it('a feature may not also be ignored, nor the target', async () => {
    const text = CONFIG_YAML.replace('ignored: [customer_id]', 'ignored: [customer_id, support_calls, churned]');
    const result = await runText(text);
    expect(one(result.findings, 'ml-config/ignored-feature')).toMatchObject({ ...posOf(text, 'support_calls,') });
    expect(one(result.findings, 'ml-config/target-ignored')).toMatchObject({ ...posOf(text, 'churned]') });
  });

  it('an unknown algorithm names the known ones', async () => {
    const text = CONFIG_YAML.replace('algorithm: glm', 'algorithm: randomforest');
    const result = await runText(text);
    const f = one(result.findings, 'ml-config/unknown-algorithm');
    expect(f).toMatchObject({ ...posOf(text, 'randomforest') });
    expect(f.message).toContain('"glm", "gbm", "drf", "xgboost", "automl"');
  });

  it('threshold keys must end with _min or _max; values must be numbers', async () => {
    const text = CONFIG_YAML.replace('thresholds: { auc_min: 0.70 }', 'thresholds:\n  auc_min: 0.70\n  logloss: 0.5\n  rmse_max: high');
    const result = await runText(text);
    expect(one(result.findings, 'ml-config/threshold-name')).toMatchObject({ ...posOf(text, 'logloss') });
    expect(one(result.findings, 'ml-config/invalid-type')).toMatchObject({ ...posOf(text, 'high') });
  });

  it('export.mojo_path must end with .zip', async () => {
    const text = CONFIG_YAML.replace('models/churn_model.zip', 'models/churn_model');
    const result = await runText(text);
    expect(one(result.findings, 'ml-config/mojo-path-extension')).toMatchObject({ ...posOf(text, 'models/churn_model') });
  });

  it('findings are ordered by position', async () => {
    const text = CONFIG_YAML.replace('valid: 0.15', 'valid: 0.2').replace('version: 1', 'version: 3');
    const lines = (await runText(text)).findings.map((f) => f.line!);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('modelPath: the plan mojo task file', () => {
  it('passes when export.mojo_path names it (after normalising ./)', async () => {
    expect((await runText(CONFIG_YAML, { modelPath: './models/churn_model.zip' })).ok).toBe(true);
  });

  it('fails at the mojo_path line when the export path in ml/config.yaml changed', async () => {
    const text = CONFIG_YAML.replace('mojo_path: models/churn_model.zip', 'mojo_path: models/churn_model_v2.zip');
    const result = await runText(text, { modelPath: 'models/churn_model.zip' });
    expect(result.ok).toBe(false);
    const f = one(result.findings, 'ml-config/mojo-path-mismatch');
    expect(f).toMatchObject({ severity: 'error', file: FILE, ...posOf(text, 'models/churn_model_v2.zip') });
    expect(f.line).toBe(posOf(text, 'mojo_path').line);
    expect(f.message).toContain("the plan's mojo task creates models/churn_model.zip; set export.mojo_path to it");
  });
});

describe('schema: the table spec', () => {
  const writeSpec = (spec: unknown) => write(dir, 'schemas/churn.json', typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2));

  it('data.table must be a table of the spec', async () => {
    writeSpec(tableSpec({ tableName: 'customers' }));
    const result = await runText(CONFIG_YAML, { schema: 'schemas/churn.json' });
    const f = one(result.findings, 'ml-config/unknown-table');
    expect(f).toMatchObject({ file: FILE, ...posOf(CONFIG_YAML, 'churn  ') });
    expect(f.message).toContain('tables: customers');
  });

  it('every feature and the target must be columns of that table', async () => {
    writeSpec(tableSpec({ dropColumn: 'support_calls' }));
    const text = CONFIG_YAML.replace('target: churned', 'target: churnd');
    const result = await runText(text, { schema: 'schemas/churn.json' });
    const found = only(result.findings, 'ml-config/unknown-column');
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [posOf(text, 'churnd').line, posOf(text, 'churnd').column],
      [posOf(text, 'support_calls').line, posOf(text, 'support_calls').column],
    ]);
    expect(found[0].message).toContain('did you mean "churned"');
  });

  it('a categorical feature of a numeric column is a warning; an enum or text column is fine', async () => {
    writeSpec(tableSpec({ contractType: 'integer' }));
    let result = await runText(CONFIG_YAML, { schema: 'schemas/churn.json' });
    expect(result.ok).toBe(true);
    expect(one(result.findings, 'ml-config/categorical-type')).toMatchObject({
      severity: 'warning',
      ...posOf(CONFIG_YAML, 'contract_type]', 2),
    });
    writeSpec(tableSpec({ contractType: 'varchar(20)' }));
    result = await runText(CONFIG_YAML, { schema: 'schemas/churn.json' });
    expect(result.findings).toEqual([]);
  });

  it('a missing or broken spec is one finding on the spec file', async () => {
    let result = await runText(CONFIG_YAML, { schema: 'schemas/none.json' });
    expect(one(result.findings, 'ml-config/schema-not-found')).toMatchObject({ file: 'schemas/none.json' });
    writeSpec('{\n  "version": 1,\n  "tables": [\n');
    result = await runText(CONFIG_YAML, { schema: 'schemas/churn.json' });
    expect(one(result.findings, 'ml-config/schema-invalid')).toMatchObject({ file: 'schemas/churn.json', line: expect.any(Number) });
    writeSpec({ version: 1, dialect: 'postgresql', tables: [{ name: 'churn', columns: [] }] });
    result = await runText(CONFIG_YAML, { schema: 'schemas/churn.json' });
    const f = one(result.findings, 'ml-config/schema-invalid');
    expect(f.message).toContain('validate-schema');
  });
});

describe('bad input never throws', () => {
  it('reports invalid YAML with a position', async () => {
    const text = CONFIG_YAML.replace('  target: churned', '  target: [churned');
    const result = await runText(text);
    expect(result.ok).toBe(false);
    const f = result.findings.find((x) => x.rule === 'ml-config/invalid-yaml')!;
    expect(f).toBeDefined();
    expect(f.line).toBeGreaterThanOrEqual(posOf(text, '[churned').line);
  });

  it('a list or mapping as a key is invalid (PyYAML: unhashable key), without a process warning', async () => {
    const warn = jest.spyOn(process, 'emitWarning');
    try {
      const text = CONFIG_YAML.replace('  seed: 42', '  ? [seed, x]\n  : 42');
      const result = await runText(text);
      expect(one(result.findings, 'ml-config/invalid-yaml')).toMatchObject({ ...posOf(text, '[seed, x]') });
      expect((await runText(`${CONFIG_YAML}{a: 1}: 2\n`)).ok).toBe(false);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('reports duplicate keys at the second one', async () => {
    const text = CONFIG_YAML.replace('  seed: 42', '  seed: 42\n  seed: 7');
    const result = await runText(text);
    expect(one(result.findings, 'ml-config/duplicate-key')).toMatchObject({ ...posOf(text, 'seed: 7') });
  });

  it('empty, scalar and list documents', async () => {
    expect(one((await runText('')).findings, 'ml-config/empty')).toMatchObject({ line: 1, column: 1 });
    expect(one((await runText('# only a comment\n')).findings, 'ml-config/empty')).toMatchObject({ line: 1, column: 1 });
    expect(one((await runText('- a\n- b\n')).findings, 'ml-config/not-a-mapping').message).toContain('a list');
    expect(one((await runText('42\n')).findings, 'ml-config/not-a-mapping').message).toContain('a number');
  });

  it('alias bombs, binary garbage and non-UTF-8 bytes', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect((await runText(bomb)).ok).toBe(false);
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
    expect((await runText(garbage)).ok).toBe(false);
    const latin1 = Buffer.concat([Buffer.from(CONFIG_YAML.replace('churned', 'churn\u00e9d'), 'latin1')]);
    const result = await runText(latin1);
    expect(one(result.findings, 'ml-config/encoding')).toMatchObject({
      line: posOf(CONFIG_YAML, 'churned').line,
      column: posOf(CONFIG_YAML, 'churned').column + 5,
    });
  });

  it('a UTF-8 BOM is accepted and positions stay right', async () => {
    const text = CONFIG_YAML.replace('algorithm: glm', 'algorithm: glmnet');
    const result = await runText(`\ufeff${text}`);
    expect(one(result.findings, 'ml-config/unknown-algorithm')).toMatchObject({ ...posOf(text, 'glmnet') });
  });

  it('a missing path or a folder is a finding; several paths give per-config metadata', async () => {
    fs.mkdirSync(path.join(dir, 'folder'));
    write(dir, FILE, CONFIG_YAML);
    const result = declared(rules, await check.run(['missing.yaml', 'folder', FILE], {}, { cwd: dir }));
    expect(result.findings.map((f) => [f.rule, f.file])).toEqual([
      ['ml-config/not-found', 'missing.yaml'],
      ['ml-config/not-a-file', 'folder'],
    ]);
    expect((result.metadata?.configs as unknown[]).length).toBe(3);
    expect(result.metadata?.features).toBeUndefined();
  });

  it('usage errors throw CheckUsageError', async () => {
    await expect(check.run([], {}, { cwd: dir })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(check.run([FILE], { modelPath: '' }, { cwd: dir })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(runCheck('validate-ml-config', [FILE], { model: 'x' }, { cwd: dir })).rejects.toBeInstanceOf(CheckUsageError);
  });
});
