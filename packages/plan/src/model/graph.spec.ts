import { PlanSchema } from './plan-schema';
import { criticalPath, downstreamOf, findCycle, topologicalWaves, upstreamOf } from './graph';
import { diamondPlan, seed000ShapePlan } from '../testing/sample-plans';

const diamond = PlanSchema.parse(diamondPlan());
const seed = PlanSchema.parse(seed000ShapePlan());

describe('graph', () => {
  it('groups tasks in waves that only depend on earlier waves', () => {
    expect(topologicalWaves(diamond)).toEqual([['base'], ['left', 'right'], ['join'], ['ship']]);
    expect(topologicalWaves(seed)).toEqual([['schema', 'fastapi'], ['pipeline'], ['training'], ['mojo'], ['predict'], ['docker']]);
  });

  it('finds the critical path by estimate', () => {
    expect(criticalPath(diamond)).toEqual({ keys: ['base', 'right', 'join', 'ship'], minutes: 31 });
    expect(criticalPath(seed)).toEqual({ keys: ['schema', 'pipeline', 'training', 'mojo', 'predict', 'docker'], minutes: 60 });
  });

  it('restricts the critical path to remaining tasks', () => {
    expect(criticalPath(seed, new Set(['predict', 'docker', 'fastapi']))).toEqual({ keys: ['fastapi', 'predict', 'docker'], minutes: 25 });
    expect(criticalPath(seed, new Set(['predict', 'docker']))).toEqual({ keys: ['predict', 'docker'], minutes: 20 });
  });

  it('computes upstream and downstream closures', () => {
    expect(upstreamOf(diamond, 'join')).toEqual(['base', 'left', 'right']);
    expect(downstreamOf(diamond, 'left')).toEqual(['join', 'ship']);
    expect(upstreamOf(seed, 'predict')).toEqual(['schema', 'fastapi', 'pipeline', 'training', 'mojo']);
  });

  it('finds no cycle in a DAG and the cycle path otherwise', () => {
    expect(findCycle(diamond)).toBeUndefined();
    const cyclic = PlanSchema.parse(diamondPlan());
    cyclic.phases[0].tasks[0].dependsOn = ['ship'];
    const cycle = findCycle(cyclic)!;
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(['base', 'left', 'join', 'ship']));
    expect(() => topologicalWaves(cyclic)).toThrow(/cycle/);
  });

  it('handles a long chain without recursion limits', () => {
    const tasks = Array.from({ length: 5000 }, (_, i) => ({
      id: `1.${i}`,
      key: `t${i}`,
      title: `t${i}`,
      estimate: 1,
      dependsOn: i ? [`t${i - 1}`] : [],
    }));
    const plan = PlanSchema.parse({
      version: 1,
      name: 'chain',
      kind: 'custom',
      title: 'Chain',
      phases: [{ id: '1', title: 'All', tasks }],
    });
    expect(findCycle(plan)).toBeUndefined();
    expect(criticalPath(plan).minutes).toBe(5000);
  });
});
