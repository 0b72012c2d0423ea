import { assignItemIds, itemProblems, planUnits, resolveAfter, unitDependencies } from './items';
import { parsePlanYaml } from './loader';
import { PlanSchema } from './plan-schema';
import { SHOP_STREAMS as PLAN } from '../testing/stream-plans';

describe('item ids', () => {
  it('are assigned by position where plan.yaml gives none, and kept where it does', () => {
    const { plan, diagnostics } = parsePlanYaml(PLAN, 'plan.yaml');
    expect(diagnostics).toEqual([]);
    expect(plan!.phases[0].tasks[0].items.map((i) => i.id)).toEqual(['A.1', 'A.7', 'A.3']);
    expect(plan!.phases[1].tasks[0].items.map((i) => i.id)).toEqual(['C.1']);
    expect(plan!.integrationPoints.map((p) => p.items.map((i) => i.id))).toEqual([
      ['integration-1.1', 'integration-1.2'],
      ['integration-2.1'],
    ]);
    expect(plan!.successCriteria.map((i) => i.id)).toEqual(['success.1', 'success.2']);
  });

  it('must be unique: plan validate names the duplicate at its line and column', () => {
    const text = PLAN.replace('          - id: A.7\n', '          - id: A.3\n');
    const { plan, diagnostics } = parsePlanYaml(text, 'plan.yaml');
    expect(plan).toBeUndefined();
    // The written "A.3" (line 16) is first; the third item's positional A.3 is the duplicate, pointed at its entry.
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: 'plan.yaml',
        line: 18,
        column: 13,
        path: 'phases[0].tasks[0].items[2].id',
        message: expect.stringContaining('Duplicate item id "A.3" (also task A item 2)'),
      }),
    ]);
    const explicit = PLAN.replace('  - text: Tests cover the PRD\n', '  - { id: success.1, text: Tests cover the PRD }\n');
    const twice = parsePlanYaml(explicit, 'plan.yaml');
    expect(twice.diagnostics).toEqual([
      expect.objectContaining({ line: 36, column: 11, message: expect.stringContaining('Duplicate item id "success.1"') }),
    ]);
  });

  it('item checks are validated like task checks, at the item', () => {
    const text = PLAN.replace(
      '          - text: Publish it\n',
      '          - text: Publish it\n            checks: [{ uses: command, with: { paths: [../x] } }]\n',
    );
    const { diagnostics } = parsePlanYaml(text, 'plan.yaml');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 19,
        column: 55,
        path: 'phases[0].tasks[0].items[2].checks[0].with.paths[0]',
        message: expect.stringContaining('Check path "../x" of item A.3 leaves the plan folder'),
      }),
    ]);
  });
});

describe('units: tasks, integration points, success criteria', () => {
  const plan = parsePlanYaml(PLAN, 'plan.yaml').plan!;

  it('integration points follow the tasks of the phases they name; "Final" follows every task; success follows everything', () => {
    expect(planUnits(plan).map((u) => [u.kind, u.key])).toEqual([
      ['task', 'api-contract'],
      ['task', 'environment'],
      ['task', 'backend'],
      ['integration', 'integration-1'],
      ['integration', 'integration-2'],
      ['success', 'success'],
    ]);
    const deps = unitDependencies(plan);
    expect(deps.get('integration-1')).toEqual(['api-contract', 'environment']);
    expect(deps.get('integration-2')).toEqual(['api-contract', 'environment', 'backend']);
    expect(deps.get('success')).toEqual(['api-contract', 'environment', 'backend', 'integration-1', 'integration-2']);
    expect(deps.get('backend')).toEqual(['api-contract', 'environment']);
  });

  it('"after" names phases ("Phase 2", "2") or tasks (key or id); anything else is refused where it is written', () => {
    expect(resolveAfter(plan, 'Phase 2')).toEqual(['backend']);
    expect(resolveAfter(plan, '2')).toEqual(['backend']);
    expect(resolveAfter(plan, 'environment')).toEqual(['environment']);
    expect(resolveAfter(plan, 'A')).toEqual(['api-contract']);
    expect(resolveAfter(plan, 'Phase 9')).toBeUndefined();
    const { diagnostics } = parsePlanYaml(PLAN.replace('after: [Phase 1]', 'after: [Phase 9]'), 'plan.yaml');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 29,
        column: 13,
        path: 'integrationPoints[0].after[0]',
        message: 'Integration point 1 comes after "Phase 9", which is no phase (e.g. "Phase 1"), task key or task id of this plan.',
      }),
    ]);
  });

  it('a plan without items, integration points or success criteria has only its tasks (ml-app plans are unchanged)', () => {
    const bare = assignItemIds(
      PlanSchema.parse({
        version: 1,
        name: 'bare',
        kind: 'custom',
        title: 'Bare',
        phases: [{ id: '1', title: 'One', tasks: [{ id: '1.1', key: 'one', title: 'One' }] }],
      }),
    );
    expect(planUnits(bare).map((u) => u.key)).toEqual(['one']);
    expect(itemProblems(bare)).toEqual([]);
  });
});
