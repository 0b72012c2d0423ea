import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckUsageError } from '../contract';
import { writeGlmMojo } from '../../testing/glm-mojo';
import { writeZip } from '../../testing/zip-writer';
import { declared } from '../../testing/declared-rules';
import { rules as catalogue } from './rule-catalogue';
import { check } from './validate-mojo';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-mojo-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = async (paths: string[], options = {}) => declared(catalogue, await check.run(paths, options, { cwd: dir }));
const errors = (r: Awaited<ReturnType<typeof run>>) => r.findings.filter((f) => f.severity === 'error');
const rules = (r: Awaited<ReturnType<typeof run>>) => errors(r).map((f) => f.rule);

describe('valid hand-written GLM MOJO', () => {
  it('passes with the metadata read from model.ini and modelDetails.json', async () => {
    writeGlmMojo(path.join(dir, 'churn.zip'), {
      numericFeatures: ['age', 'income'],
      categoricalFeatures: [{ name: 'region', levels: ['north', 'south', 'east'] }],
      response: 'churn',
      responseDomain: ['no', 'yes'],
    });
    const result = await run(['churn.zip']);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.metadata).toMatchObject({
      path: 'churn.zip',
      algorithm: 'Generalized Linear Modeling',
      algo: 'glm',
      category: 'Binomial',
      h2o_version: '3.46.0.1',
      mojo_version: '1.00',
      features: ['region', 'age', 'income'],
      response: 'churn',
      response_domain: ['no', 'yes'],
      n_classes: 2,
      n_trees: null,
      timestamp: '2024-01-02T03:04:05.678Z',
      metrics: { training: { AUC: 0.82, logloss: 0.48, RMSE: 0.4, MSE: 0.16, r2: 0.31 }, validation: { AUC: 0.79 } },
    });
    expect((result.metadata as { models: unknown[] }).models).toHaveLength(1);
  });

  it('accepts use_all_factor_levels (one coefficient per level)', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { categoricalFeatures: [{ name: 'c', levels: ['a', 'b'] }], useAllFactorLevels: true });
    expect((await run(['m.zip'])).findings).toEqual([]);
  });

  it('validates the exploded folder form, with file/line/column on the real files', async () => {
    writeGlmMojo(path.join(dir, 'model'), { exploded: true, numericFeatures: ['a'] });
    const ok = await run(['model']);
    expect(ok.ok).toBe(true);
    expect(ok.metadata).toMatchObject({
      algorithm: 'Generalized Linear Modeling',
      features: ['a'],
      response: 'y',
      response_domain: ['0', '1'],
    });

    writeGlmMojo(path.join(dir, 'bad'), { exploded: true, numericFeatures: ['a'], beta: '[1, 0]' });
    const bad = await run(['bad']);
    const beta = errors(bad).find((f) => f.rule === 'mojo/value-type');
    expect(beta).toMatchObject({ file: path.join('bad', 'model.ini'), line: 28, column: 8 });
  });

  it('reports several paths, each in models[]', async () => {
    writeGlmMojo(path.join(dir, 'a.zip'));
    writeGlmMojo(path.join(dir, 'b.zip'), { mojoVersion: '9.99' });
    const result = await run(['a.zip', 'b.zip']);
    expect(result.ok).toBe(false);
    const models = (result.metadata as { models: Array<{ path: string }> }).models;
    expect(models.map((m) => m.path)).toEqual(['a.zip', 'b.zip']);
    expect(result.findings.every((f) => f.file === 'b.zip')).toBe(true);
  });
});

describe('broken GLM MOJOs', () => {
  it('beta too short', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { beta: [0.1, 0.2] });
    const result = await run(['m.zip']);
    expect(result.ok).toBe(false);
    expect(errors(result)).toEqual([
      {
        rule: 'mojo/glm-beta',
        severity: 'error',
        file: 'm.zip',
        message: expect.stringMatching(
          /^model\.ini line 28: beta has 2 coefficients but the model needs 3 \(0 categorical \+ 2 numeric \+ 1 intercept\)/,
        ),
      },
    ]);
  });

  it('beta sized without the dropped first level fails', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), {
      categoricalFeatures: [{ name: 'c', levels: ['a', 'b', 'c'] }],
      beta: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    });
    expect(rules(await run(['m.zip']))).toEqual(['mojo/glm-beta']);
  });

  it('integer beta is read as int[] and fails', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { beta: '[1, 0, 2]' });
    const [finding] = errors(await run(['m.zip']));
    expect(finding.rule).toBe('mojo/value-type');
    expect(finding.message).toMatch(/^model\.ini line 28: beta = \[1, 0, 2\] is read as int\[\] but H2O expects double\[\]/);
  });

  it('default_threshold = 1 is an int and fails; 1.0 passes', async () => {
    writeGlmMojo(path.join(dir, 'bad.zip'), { editModelIni: (t) => t.replace('default_threshold = 0.5', 'default_threshold = 1') });
    writeGlmMojo(path.join(dir, 'good.zip'), { editModelIni: (t) => t.replace('default_threshold = 0.5', 'default_threshold = 1.0') });
    expect(errors(await run(['bad.zip']))[0].message).toMatch(/default_threshold = 1 is read as int but H2O expects double/);
    expect((await run(['good.zip'])).ok).toBe(true);
  });

  it('mojo_version too high', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { mojoVersion: '9.99' });
    const [finding] = errors(await run(['m.zip']));
    expect(finding).toMatchObject({ rule: 'mojo/mojo-version', file: 'm.zip' });
    expect(finding.message).toContain('line 3: mojo_version 9.99 is higher than the 1.00');
  });

  it('n_columns larger than the column list', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { nColumns: '5' });
    expect(rules(await run(['m.zip']))).toContain('mojo/n-columns');
  });

  it('n_columns smaller than the column list', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { nColumns: '2' });
    const found = errors(await run(['m.zip'])).find((f) => f.rule === 'mojo/n-columns');
    expect(found?.message).toMatch(/line 35: More lines in \[columns\] than n_columns = 2/);
  });

  it('n_columns after [columns]', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), {
      editModelIni: (t) =>
        t
          .replace(/n_columns = \d+\n/, '')
          .replace('[columns]\n', '[columns]\n')
          .replace('[info]\n', '[info]\n') + '',
    });
    const result = await run(['m.zip']);
    expect(rules(result)).toEqual(expect.arrayContaining(['mojo/n-columns', 'mojo/missing-key']));
  });

  it('missing domain file', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { omitDomainFiles: ['d000.txt'] });
    const [finding] = errors(await run(['m.zip']));
    expect(finding.rule).toBe('mojo/domain-file');
    expect(finding.message).toMatch(/^model\.ini line \d+: Domain file domains\/d000\.txt for column 2 is missing/);
  });

  it('domain file with the wrong number of lines', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { domainFileContent: { 'd000.txt': '0\n1\n2\n' } });
    expect(errors(await run(['m.zip']))[0].message).toMatch(/has 3 levels but \[domains\] declares 2/);
  });

  it('domain file with CRLF line endings (newer readers count empty levels)', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { domainFileContent: { 'd000.txt': '0\r\n1\r\n' } });
    expect(errors(await run(['m.zip']))[0].message).toMatch(/CRLF line endings/);
  });

  it('domain file without a trailing newline is fine', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { domainFileContent: { 'd000.txt': '0\n1' } });
    expect((await run(['m.zip'])).ok).toBe(true);
  });

  it('missing model.ini', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { omitModelIni: true });
    const result = await run(['m.zip']);
    expect(errors(result)).toEqual([expect.objectContaining({ rule: 'mojo/missing-model-ini', file: 'm.zip' })]);
    expect(result.metadata).toMatchObject({ path: 'm.zip' });
  });

  it('entries under a top folder', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { topFolder: 'churn_model' });
    const [finding] = errors(await run(['m.zip']));
    expect(finding.rule).toBe('mojo/nested-root');
    expect(finding.message).toContain('under churn_model/');
  });

  it('unknown link, missing family, unknown algorithm and category', async () => {
    writeGlmMojo(path.join(dir, 'link.zip'), { link: 'probit2' });
    expect(rules(await run(['link.zip']))).toEqual(['mojo/glm-link']);
    writeGlmMojo(path.join(dir, 'algo.zip'), {
      editModelIni: (t) =>
        t
          .replace('algorithm = Generalized Linear Modeling', 'algorithm = Magic Forest')
          .replace('category = Binomial', 'category = Binary'),
    });
    expect(rules(await run(['algo.zip']))).toEqual(['mojo/unknown-algorithm', 'mojo/unknown-category']);
  });

  it('missing required keys and sections', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { editModelIni: (t) => t.replace(/supervised = true\n/, '').replace('[domains]', '') });
    const result = await run(['m.zip']);
    expect(rules(result)).toEqual(expect.arrayContaining(['mojo/missing-key', 'mojo/missing-section']));
    expect(errors(result).find((f) => f.rule === 'mojo/missing-key')?.message).toContain('`supervised`');
  });

  it('[info] line without "=" and a byte-order mark', async () => {
    writeGlmMojo(path.join(dir, 'eq.zip'), { extraInfo: ['just some words'] });
    expect(errors(await run(['eq.zip']))[0].message).toMatch(/line 31: \[info\] line without "="/);
    writeGlmMojo(path.join(dir, 'bom.zip'), { editModelIni: (t) => `\uFEFF${t}` });
    expect(rules(await run(['bom.zip']))).toContain('mojo/ini-syntax');
  });

  it('garbage modelDetails.json is only a warning', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { modelDetails: '{not json' });
    const result = await run(['m.zip']);
    expect(result.ok).toBe(true);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'mojo/model-details', severity: 'warning', file: 'm.zip' })]);
    expect((result.metadata as Record<string, unknown>).metrics).toBeUndefined();
  });

  it('junk entries (__MACOSX/, directory entries) are tolerated', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'), { extraEntries: [{ name: '__MACOSX/._model.ini', data: 'junk' }, { name: 'domains/' }] });
    expect((await run(['m.zip'])).findings).toEqual([]);
  });

  it('not a zip, truncated zip, missing path', async () => {
    fs.writeFileSync(path.join(dir, 'text.zip'), 'this is not a zip at all');
    const written = writeGlmMojo(path.join(dir, 'full.zip'));
    const bytes = fs.readFileSync(written.path);
    fs.writeFileSync(path.join(dir, 'cut.zip'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await run(['text.zip', 'cut.zip', 'gone.zip']);
    expect(result.findings.map((f) => [f.rule, f.file])).toEqual([
      ['mojo/not-a-zip', 'text.zip'],
      ['mojo/not-a-zip', 'cut.zip'],
      ['mojo/not-found', 'gone.zip'],
    ]);
  });

  it('a zip with a corrupted entry (CRC mismatch)', async () => {
    const written = writeGlmMojo(path.join(dir, 'm.zip'), { extraEntries: [{ name: 'blob.bin', data: 'x'.repeat(64), method: 'store' }] });
    const bytes = fs.readFileSync(written.path);
    const at = bytes.indexOf('x'.repeat(64));
    bytes[at + 10] = 'y'.charCodeAt(0);
    fs.writeFileSync(written.path, bytes);
    expect(errors(await run(['m.zip']))[0].message).toMatch(/blob\.bin fails its CRC-32 check/);
  });
});

describe('multinomial and tree/xgboost/ensemble structure (hand-made)', () => {
  it('multinomial GLM needs beta per class', async () => {
    const edit = (t: string) =>
      t
        .replace('category = Binomial', 'category = Multinomial')
        .replace('n_classes = 2', 'n_classes = 3')
        .replace('family = binomial', 'family = multinomial');
    writeGlmMojo(path.join(dir, 'ok.zip'), {
      responseDomain: ['a', 'b', 'c'],
      beta: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
      editModelIni: edit,
    });
    expect((await run(['ok.zip'])).findings).toEqual([]);
    writeGlmMojo(path.join(dir, 'short.zip'), { responseDomain: ['a', 'b', 'c'], beta: [0.1, 0.2, 0.3], editModelIni: edit });
    expect(errors(await run(['short.zip']))[0].message).toMatch(/needs 9 .*times 3 classes/);
  });

  it('GBM: missing _aux tree file fails, missing tree only warns', async () => {
    const ini = (nTrees: number) =>
      [
        '[info]',
        'algorithm = Gradient Boosting Machine',
        'category = Regression',
        'supervised = true',
        'n_features = 1',
        'n_classes = 1',
        'n_columns = 2',
        'balance_classes = false',
        'default_threshold = 0.5',
        'mojo_version = 1.40',
        '_genmodel_encoding = AUTO',
        `n_trees = ${nTrees}`,
        'n_trees_per_class = 1',
        '[columns]',
        'x',
        'y',
        '[domains]',
        '',
      ].join('\n');
    writeZip(path.join(dir, 'gbm.zip'), [
      { name: 'model.ini', data: ini(3) },
      { name: 'trees/t00_000.bin', data: 'a' },
      { name: 'trees/t00_000_aux.bin', data: 'a' },
      { name: 'trees/t00_001.bin', data: 'b' },
    ]);
    const result = await run(['gbm.zip']);
    expect(result.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['mojo/tree-files', 'warning'],
      ['mojo/tree-files', 'error'],
    ]);
    expect(result.findings[1].message).toContain('trees/t00_001_aux.bin');
    expect(result.metadata).toMatchObject({ n_trees: 3, algorithm: 'Gradient Boosting Machine' });
  });

  it('XGBoost without boosterBytes fails', async () => {
    const ini = [
      '[info]',
      'algorithm = XGBoost',
      'category = Regression',
      'supervised = true',
      'n_features = 1',
      'n_classes = 1',
      'n_columns = 2',
      'balance_classes = false',
      'default_threshold = 0.5',
      'mojo_version = 1.10',
      'ntrees = 5',
      '[columns]',
      'x',
      'y',
      '[domains]',
      '',
    ].join('\n');
    writeZip(path.join(dir, 'x.zip'), [{ name: 'model.ini', data: ini }]);
    expect(rules(await run(['x.zip']))).toEqual(['mojo/xgboost-booster']);
  });

  it('Stacked Ensemble: nested models validated recursively', async () => {
    const glm = writeGlmMojo(path.join(dir, 'unused.zip'), { numericFeatures: ['x'], beta: [0.1] });
    const se = [
      '[info]',
      'algorithm = Stacked Ensemble',
      'category = Binomial',
      'supervised = true',
      'n_features = 1',
      'n_classes = 2',
      'n_columns = 2',
      'balance_classes = false',
      'default_threshold = 0.5',
      'mojo_version = 1.01',
      'submodel_count = 1',
      'submodel_key_0 = meta',
      'submodel_dir_0 = models/GLM/meta/',
      'base_models_num = 1',
      'metalearner = meta',
      'base_model0 = meta',
      '[columns]',
      'x',
      'y',
      '[domains]',
      '1: 2 d000.txt',
      '',
    ].join('\n');
    writeZip(path.join(dir, 'se.zip'), [
      { name: 'model.ini', data: se },
      { name: 'domains/d000.txt', data: '0\n1\n' },
      ...glm.entries.map((e) => ({ ...e, name: `models/GLM/meta/${e.name}` })),
    ]);
    const result = await run(['se.zip']);
    expect(errors(result)).toEqual([
      expect.objectContaining({
        rule: 'mojo/glm-beta',
        file: 'se.zip',
        message: expect.stringMatching(/^models\/GLM\/meta\/model\.ini line 28: beta has 1/),
      }),
    ]);
    expect(result.metadata).toMatchObject({
      algorithm: 'Stacked Ensemble',
      submodels: [{ dir: 'models/GLM/meta/', algorithm: 'Generalized Linear Modeling' }],
    });
  });
});

const hasJava = (() => {
  try {
    require('node:child_process').execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('options', () => {
  (hasJava ? it : it.skip)(
    'genmodelJar: a jar without h2o-genmodel fails the deep check with java output',
    async () => {
      writeGlmMojo(path.join(dir, 'm.zip'));
      fs.writeFileSync(path.join(dir, 'empty.jar'), 'not a jar');
      const result = await run(['m.zip'], { genmodelJar: 'empty.jar' });
      expect(errors(result)).toEqual([
        expect.objectContaining({
          rule: 'mojo/genmodel',
          file: 'm.zip',
          message: expect.stringContaining('h2o-genmodel failed to load the MOJO'),
        }),
      ]);
    },
    120_000,
  );

  it('rejects bad option values as usage errors, and no paths', async () => {
    await expect(run(['m.zip'], { maxEntries: -1 })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(run(['m.zip'], { maxEntryMb: 'lots' })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(run([])).rejects.toBeInstanceOf(CheckUsageError);
  });

  it('genmodelJar: a missing jar is a clear finding', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'));
    const result = await run(['m.zip'], { genmodelJar: 'nope/h2o-genmodel.jar' });
    expect(errors(result)).toEqual([
      expect.objectContaining({ rule: 'mojo/genmodel', file: 'm.zip', message: expect.stringContaining('jar not found') }),
    ]);
  });

  it('genmodelJar: without java on PATH the finding says so', async () => {
    writeGlmMojo(path.join(dir, 'm.zip'));
    fs.writeFileSync(path.join(dir, 'fake.jar'), 'not a jar');
    const saved = { path: process.env.PATH, home: process.env.JAVA_HOME };
    process.env.PATH = dir;
    delete process.env.JAVA_HOME;
    try {
      const result = await run(['m.zip'], { genmodelJar: 'fake.jar' });
      expect(errors(result).map((f) => f.rule)).toEqual(['mojo/java-missing']);
    } finally {
      process.env.PATH = saved.path;
      if (saved.home !== undefined) process.env.JAVA_HOME = saved.home;
    }
  });
});
