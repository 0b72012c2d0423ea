import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check as dataQuality } from '../../checks/data-quality/data-quality';
import { check as pipelineRun } from '../../checks/pipeline-run/pipeline-run';
import { PlanSchema } from '../../model/plan-schema';
import { dataPipelineKind } from './index';

describe('data-pipeline kind', () => {
  const ctx = dataPipelineKind.context({ name: 'clickstream', datasets: 'events,sessions' });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dp-'));
    for (const [file, content] of dataPipelineKind.files(ctx)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills every stream, integration point and success criterion of Template 4', () => {
    const plan = PlanSchema.parse(dataPipelineKind.plan(ctx));
    const streams = plan.phases.flatMap((p) => p.tasks);
    expect(streams.map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(streams.flatMap((s) => s.items)).toHaveLength(42);
    expect(plan.integrationPoints.map((p) => p.items.length)).toEqual([3, 4, 4]);
    expect(plan.successCriteria).toHaveLength(5);
    expect(plan.title).toBe('Clickstream');
  });

  it('is deterministic', () => {
    const again = dataPipelineKind.files(dataPipelineKind.context({ name: 'clickstream', datasets: 'events,sessions' }));
    expect([...again]).toEqual([...dataPipelineKind.files(ctx)]);
  });

  it('refuses hostile dataset names naming the option', () => {
    expect(() => dataPipelineKind.context({ name: 'x', datasets: 'events,"; drop' })).toThrow(/Invalid --datasets/);
    expect(() => dataPipelineKind.context({ name: 'x', datasets: 'user_activity' })).toThrow(/outputs/);
  });

  it('runs end to end on its samples: quality rules hold, planted records dead-lettered, outputs meet their contracts', async () => {
    const quality = await dataQuality.run(['quality/rules.yaml'], {}, { cwd: dir });
    expect(quality.findings).toEqual([]);
    const run = await pipelineRun.run(['pipeline/pipeline.yaml'], {}, { cwd: dir });
    expect(run.findings).toEqual([]);
    const meta = (run.metadata!.runs as Record<string, unknown>[])[0];
    expect(meta.sources).toEqual([
      { dataset: 'events', read: 44, accepted: 40, deadLettered: 4, attempts: 1 },
      { dataset: 'sessions', read: 44, accepted: 40, deadLettered: 4, attempts: 1 },
    ]);
  });
});
