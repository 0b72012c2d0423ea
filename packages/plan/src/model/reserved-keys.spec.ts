import { diamondPlan, toYaml } from '../testing/sample-plans';
import { graphProblems, topologicalWaves, upstreamOf, downstreamOf } from './graph';
import { parsePlanYaml } from './loader';
import { PlanInput, PlanSchema } from './plan-schema';
import { reservedKeyReason, suggestedKey } from './reserved-keys';
import { kebabKey } from './markdown/text';

function withTask(mutate: (plan: PlanInput) => void): string {
  const plan = diamondPlan();
  mutate(plan);
  return toYaml(plan);
}

describe('reserved task keys', () => {
  it.each(['verify', 'train', 'success', 'phase-1', 'integration-a'])('refuses the key %s at file:line:col with a suggested key', (key) => {
    const text = withTask((plan) => (plan.phases[1].tasks![0].key = key));
    const { plan, diagnostics } = parsePlanYaml(text, 'p/plan.yaml');
    expect(plan).toBeUndefined();
    const line = text.split('\n').findIndex((l) => l.includes(`key: ${key}`)) + 1;
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: 'p/plan.yaml',
        line,
        path: 'phases[1].tasks[0].key',
        message: expect.stringContaining(`key: task-${key}`),
      }),
    ]);
    expect(diagnostics[0].message).toMatch(/reserved/);
  });

  it('accepts keys that merely contain a reserved word', () => {
    for (const key of ['verify-api', 'training', 'phases', 'pre-verify']) expect(reservedKeyReason(key)).toBeUndefined();
  });

  it('keys derived from Markdown titles avoid reserved names', () => {
    expect(['Verify', 'Train', 'Phase 1 review', 'Success'].map(kebabKey)).toEqual([
      'task-verify',
      'task-train',
      'task-phase-1-review',
      'task-success',
    ]);
    expect(kebabKey('Verify API')).toBe('verify-api');
  });

  it('suggests a key that is neither taken nor reserved', () => {
    expect(suggestedKey('verify', new Set(['task-verify']))).toBe('task-verify-2');
    expect(suggestedKey('prove', new Set(), ['task-prove'])).toBe('task-prove-2');
  });
});

describe('check paths', () => {
  it.each([['../shared/x.json'], ['/etc/passwd'], ['a/../../b']])('refuses %s outside the plan folder at its position', (outside) => {
    const text = withTask(
      (plan) => (plan.phases[0].tasks![0].checks = [{ uses: 'files-exist', with: { paths: ['src/base.txt', outside] } }]),
    );
    const { diagnostics } = parsePlanYaml(text, 'plan.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ path: 'phases[0].tasks[0].checks[0].with.paths[1]', message: expect.stringContaining(outside) });
    expect(text.split('\n')[diagnostics[0].line - 1]).toContain(outside);
  });

  it('accepts paths inside the plan folder, also a single string', () => {
    const text = withTask((plan) => (plan.phases[0].tasks![0].checks = [{ uses: 'files-exist', with: { paths: 'src/base.txt' } }]));
    expect(parsePlanYaml(text, 'plan.yaml').diagnostics).toEqual([]);
  });
});

describe('graph algorithms on long plans', () => {
  const chain = (n: number) =>
    PlanSchema.parse({
      ...diamondPlan('chain'),
      phases: [
        {
          id: '1',
          title: 'All',
          tasks: Array.from({ length: n }, (_, i) => ({ id: `1.${i}`, key: `t${i}`, title: `T${i}`, dependsOn: i ? [`t${i - 1}`] : [] })),
        },
      ],
    });

  it('agree with their definition on a chain', () => {
    const plan = chain(50);
    expect(topologicalWaves(plan)).toEqual(Array.from({ length: 50 }, (_, i) => [`t${i}`]));
    expect(upstreamOf(plan, 't3')).toEqual(['t0', 't1', 't2']);
    expect(downstreamOf(plan, 't47')).toEqual(['t48', 't49']);
    expect(graphProblems(plan)).toEqual([]);
  });

  it('handle a 2,000-task chain (waves, closures, validation) without quadratic work per task', () => {
    const plan = chain(2000);
    expect(topologicalWaves(plan)).toHaveLength(2000);
    expect(upstreamOf(plan, 't1999')).toHaveLength(1999);
    expect(downstreamOf(plan, 't0')).toHaveLength(1999);
    expect(graphProblems(plan)).toEqual([]);
  });
});
