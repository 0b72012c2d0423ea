import { PlanSchema } from '../model/plan-schema';
import { seed000ShapePlan } from '../testing/sample-plans';
import { formatStatus, planStatus } from './plan-status';
import { TaskOutcome } from './verify-plan';

type Outcome = Pick<TaskOutcome, 'status' | 'results' | 'blockedBy'>;

const plan = PlanSchema.parse(seed000ShapePlan());
const ok: Outcome = { status: 'verified', results: [], blockedBy: [] };

describe('planStatus', () => {
  it('reports verified, failed with the first finding, and blocked tasks with the remaining critical path', () => {
    const failed = {
      status: 'failed' as const,
      blockedBy: [],
      results: [
        {
          check: 'files-exist',
          ok: false,
          findings: [
            {
              rule: 'files/missing',
              severity: 'error' as const,
              message: 'File does not exist yet: produce it with `nx run churn:train`.',
              file: 'churn/models/m.zip',
            },
          ],
        },
      ],
    };
    const status = planStatus(
      plan,
      new Map<string, Outcome>([
        ['schema', ok],
        ['fastapi', ok],
        ['pipeline', ok],
        ['training', ok],
        ['mojo', failed],
      ]),
    );
    expect(status.rows.map((r) => [r.key, r.status, r.blockedBy])).toEqual([
      ['schema', 'verified', []],
      ['fastapi', 'verified', []],
      ['pipeline', 'verified', []],
      ['training', 'verified', []],
      ['mojo', 'failed', []],
      ['predict', 'blocked', ['mojo']],
      ['docker', 'blocked', ['predict']],
    ]);
    expect(status.verified).toBe(4);
    expect(status.remaining).toEqual({ keys: ['mojo', 'predict', 'docker'], minutes: 25 });
    const text = formatStatus(status);
    expect(text).toContain('✖ 3.2  mojo      failed: churn/models/m.zip File does not exist yet: produce it with `nx run churn:train`.');
    expect(text).toContain('… 4.1  predict   blocked by mojo');
    expect(text).toContain('4 verified, 0 attested, 0 unproven, 1 failed, 2 blocked: 4/7 tasks done (57%)');
    expect(text).toContain('remaining critical path: mojo → predict → docker (25 min)');
  });

  it('says when everything is verified', () => {
    const all = new Map<string, Outcome>(plan.phases.flatMap((p) => p.tasks).map((t) => [t.key, ok]));
    const status = planStatus(plan, all);
    expect(status.verified).toBe(7);
    expect(formatStatus(status)).toContain('remaining critical path: none');
  });

  it('marks a task with no outcome and verified dependencies as failed (it should have run)', () => {
    const status = planStatus(plan, new Map());
    expect(status.rows.find((r) => r.key === 'schema')!.status).toBe('failed');
    expect(status.rows.find((r) => r.key === 'pipeline')!.status).toBe('blocked');
  });
});
