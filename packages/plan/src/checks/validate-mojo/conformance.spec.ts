import * as path from 'node:path';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../testing/shared-fixtures';
import { declared } from '../../testing/declared-rules';
import { rules } from './rule-catalogue';
import { check } from './validate-mojo';

/**
 * Real MOJOs from h2oai/h2o-3's test resources (../shared/fixtures/mojo, see SOURCES.tsv), read in
 * place. Expected values were read by hand from each model.ini (unzip -p <zip> model.ini).
 */
describeWithSharedFixtures('validate-mojo conformance (h2o-3 test MOJOs)', () => {
  const cwd = path.join(sharedFixturesDir() ?? '', 'mojo');
  const run = async (file: string) => declared(rules, await check.run([file], {}, { cwd }));
  const prostate = ['AGE', 'RACE', 'DPROS', 'DCAPS', 'PSA', 'VOL', 'GLEASON'];

  it.each([
    [
      'gbm__gbm_variable_importance.zip',
      {
        algorithm: 'Gradient Boosting Machine',
        category: 'Binomial',
        mojo_version: '1.40',
        h2o_version: '3.32.0.99999',
        features: prostate,
        response: 'CAPSULE',
        response_domain: ['0', '1'],
        n_classes: 2,
        n_trees: 50,
      },
    ],
    [
      'genmodel__mojo.zip',
      {
        algorithm: 'Gradient Boosting Machine',
        category: 'Regression',
        mojo_version: '1.20',
        response: 'C1',
        n_classes: 1,
        n_trees: 20,
        response_domain: null,
      },
    ],
    [
      'pipeline__glm_model.zip',
      {
        algorithm: 'Generalized Linear Modeling',
        category: 'Regression',
        mojo_version: '1.00',
        features: ['CLUSTER', 'DPROS', 'DCAPS', 'PSA', 'VOL', 'GLEASON'],
        response: 'CAPSULE',
        n_classes: 1,
      },
    ],
    [
      'glm_prostate',
      {
        algorithm: 'Generalized Linear Modeling',
        category: 'Binomial',
        mojo_version: '1.0',
        features: ['RACE', 'AGE', 'DPROS', 'DCAPS', 'PSA', 'VOL', 'GLEASON'],
        response: 'CAPSULE',
        response_domain: ['0', '1'],
        n_classes: 2,
        timestamp: '2016-11-16T12:24:46.052-05:00',
      },
    ],
    [
      'xgboost__xgboost_java.zip',
      {
        algorithm: 'XGBoost',
        category: 'Regression',
        mojo_version: '1.10',
        features: ['CAPSULE', 'RACE', 'DPROS', 'DCAPS', 'PSA', 'VOL', 'GLEASON'],
        response: 'AGE',
        n_trees: 50,
      },
    ],
    [
      'ensemble__binomial_without_useless_models.zip',
      {
        algorithm: 'Stacked Ensemble',
        category: 'Binomial',
        mojo_version: '1.00',
        features: ['AGE'],
        response: 'CAPSULE',
        response_domain: ['0', '1'],
        n_classes: 2,
      },
    ],
  ])('%s passes with its metadata', async (file, expected) => {
    const result = await run(file);
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.metadata).toMatchObject({ path: file, ...expected });
  });

  it('genmodel__mojo.zip lists 262 features, C2 first', async () => {
    const meta = (await run('genmodel__mojo.zip')).metadata as { features: string[] };
    expect(meta.features).toHaveLength(262);
    expect(meta.features[0]).toBe('C2');
    expect(meta.features).not.toContain('C1');
  });

  it('metrics come from experimental/modelDetails.json', async () => {
    const meta = (await run('gbm__gbm_variable_importance.zip')).metadata as { metrics: Record<string, Record<string, number>> };
    expect(meta.metrics.training.AUC).toBeCloseTo(0.98016, 4);
    expect(meta.metrics.training.logloss).toBeCloseTo(0.26757, 4);
    expect(meta.metrics.cross_validation.AUC).toBeCloseTo(0.76105, 4);
    expect(meta.metrics.validation).toBeUndefined();
    const glm = (await run('pipeline__glm_model.zip')).metadata as { metrics: Record<string, Record<string, number>> };
    expect(glm.metrics.training.r2).toBeCloseTo(0.285715, 5);
  });

  it('the Stacked Ensemble (with __MACOSX/ junk) validates its nested GLM metalearner and DRF base model', async () => {
    const result = await run('ensemble__binomial_without_useless_models.zip');
    const meta = result.metadata as { submodels: Array<{ dir: string; algorithm: string; features: string[]; n_trees: number | null }> };
    expect(meta.submodels.map((m) => [m.algorithm, m.dir])).toEqual([
      ['Generalized Linear Modeling', 'models/GLM/metalearner_AUTO_stackedensemble-4be58fac-2959-4e68-bb18-fa42f2c6f84b/'],
      ['Distributed Random Forest', 'models/DRF/grid-85736fd0-deff-4fe2-99c5-afcf30b3fac5_model_3/'],
    ]);
    expect(meta.submodels[0].features).toHaveLength(27);
    expect(meta.submodels[1].n_trees).toBe(1);
    // H2O's SE writer indexes the response domain by the training frame (8 ≥ 2 columns): ignored, noted.
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'mojo/domain-index', severity: 'info' })]);
  });

  it('genmodel__dumjo.zip fails: no model.ini', async () => {
    const result = await run('genmodel__dumjo.zip');
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'mojo/missing-model-ini', severity: 'error', file: 'genmodel__dumjo.zip' }),
    ]);
  });

  it('genmodel__mojo_modified_version.zip fails: mojo_version 9.99', async () => {
    const result = await run('genmodel__mojo_modified_version.zip');
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'mojo/mojo-version',
        severity: 'error',
        message: expect.stringContaining('mojo_version 9.99 is higher than the 1.40'),
      }),
    ]);
  });

  it('all fixtures in one run: per-path models[] and warm timing', async () => {
    const files = [
      'gbm__gbm_variable_importance.zip',
      'genmodel__mojo.zip',
      'pipeline__glm_model.zip',
      'glm_prostate',
      'xgboost__xgboost_java.zip',
      'ensemble__binomial_without_useless_models.zip',
    ];
    const started = Date.now();
    const result = declared(rules, await check.run(files, {}, { cwd }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.ok).toBe(true);
    expect((result.metadata as { models: Array<{ path: string }> }).models.map((m) => m.path)).toEqual(files);
  });
});
