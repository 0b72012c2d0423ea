import { PlanSchema } from '../../model/plan-schema';
import { parsePlanYaml } from '../../model/loader';
import { renderPlanMarkdown } from '../../model/render-markdown';
import { criticalPath, topologicalWaves } from '../../model/graph';
import { describeWithSharedSeeds, readSeed } from '../../testing/shared-seeds';
import { toYaml } from '../../testing/sample-plans';
import { buildContext } from '../../kinds/ml-app/context';
import { mlAppPlan } from '../../kinds/ml-app/plan';

const ctx = buildContext({
  name: 'churn',
  projectName: 'Churn Predictor',
  schemaName: 'customers',
  pipelineName: 'customer_etl',
  modelName: 'churn_glm',
});
const plan = PlanSchema.parse(mlAppPlan(ctx));

describe('ml-app preset', () => {
  it('has seed 000 tasks, keys, estimates and execution order', () => {
    const tasks = plan.phases.flatMap((p) => p.tasks);
    expect(tasks.map((t) => [t.id, t.key, t.estimate])).toEqual([
      ['1.1', 'schema', 10],
      ['1.2', 'fastapi', 5],
      ['2.1', 'pipeline', 15],
      ['3.1', 'training', 10],
      ['3.2', 'mojo', 5],
      ['4.1', 'predict', 10],
      ['5.1', 'docker', 10],
    ]);
    expect(topologicalWaves(plan)).toEqual([['schema', 'fastapi'], ['pipeline'], ['training'], ['mojo'], ['predict'], ['docker']]);
    expect(criticalPath(plan)).toEqual({ keys: ['schema', 'pipeline', 'training', 'mojo', 'predict', 'docker'], minutes: 60 });
  });

  it('wires each task to the checks of issue 3', () => {
    const uses = Object.fromEntries(plan.phases.flatMap((p) => p.tasks).map((t) => [t.key, t.checks.map((c) => c.uses)]));
    expect(uses).toEqual({
      schema: ['validate-schema'],
      fastapi: ['lint-endpoints'],
      pipeline: ['validate-pipeline', 'ml-contracts'],
      training: ['lint-endpoints', 'validate-ml-config'],
      mojo: ['validate-mojo', 'ml-contracts'],
      predict: ['lint-endpoints', 'ml-contracts'],
      docker: ['scan-dockerfile'],
    });
    const training = plan.phases[2].tasks[0];
    expect(training.checks[1].with).toMatchObject({ modelPath: 'models/churn_glm.zip' });
    expect(plan.phases[2].tasks[1].files).toEqual([{ path: 'models/churn_glm.zip', action: 'create', producedBy: 'nx run churn:train' }]);
  });

  it('survives a YAML round trip through the loader', () => {
    const { plan: loaded, diagnostics } = parsePlanYaml(toYaml(mlAppPlan(ctx)), 'plan.yaml');
    expect(diagnostics).toEqual([]);
    expect(loaded).toEqual(plan);
  });
});

describeWithSharedSeeds('PLAN.md reproduces seed 000 (conformance with ../shared/seeds)', () => {
  it('equals the seed document with every variable filled', () => {
    const values: Record<string, string> = { ...plan.variables };
    const expected = readSeed('000').replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`seed variable ${name} has no value`);
      return values[name];
    });
    const normalise = (s: string) =>
      s
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n')
        .trim();
    expect(normalise(renderPlanMarkdown(plan))).toBe(normalise(expected));
  });
});
