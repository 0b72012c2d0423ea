import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { mlAppGenerator } from './ml-app';

const tree = () => createTreeWithEmptyWorkspace({ formatter: 'none' } as any);

/** Every `with` of the plan's checks. */
function checkOptions(planYaml: string): Array<Record<string, unknown>> {
  const plan = parse(planYaml);
  return plan.phases.flatMap((p: any) => p.tasks).flatMap((t: any) => (t.checks ?? []).map((c: any) => c.with ?? {}));
}

describe('plan:ml-app python option', () => {
  it('writes no interpreter into the plan by default: each machine resolves its own', async () => {
    const t = tree();
    await mlAppGenerator(t, { name: 'churn' });
    const text = t.read('churn/plan.yaml', 'utf-8')!;
    expect(checkOptions(text).filter((w) => 'python' in w)).toEqual([]);
    // No absolute path of this machine anywhere in the plan (e.g. /usr/bin/python3, a home folder).
    expect(text).not.toMatch(/(^|[\s:'"])\/(usr|home|root|opt|tmp)\//m);
  });

  it('stores --python as given, on every lint-endpoints check', async () => {
    const t = tree();
    await mlAppGenerator(t, { name: 'churn', python: '.venv/bin/python' });
    const withs = checkOptions(t.read('churn/plan.yaml', 'utf-8')!).filter((w) => 'python' in w);
    expect(withs.length).toBe(3);
    expect(new Set(withs.map((w) => w.python))).toEqual(new Set(['.venv/bin/python']));
  });
});
