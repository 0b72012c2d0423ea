import { checkRefProblems } from '../../checks/check-options';
import { PlanSchema } from '../../model/plan-schema';
import { kindModule } from '../registry';
import { webAppKind } from './index';

describe('web-app kind', () => {
  const ctx = webAppKind.context({ name: 'teamboard', resources: 'boards,cards' });
  const plan = PlanSchema.parse(webAppKind.plan(ctx));
  const items = [
    ...plan.phases.flatMap((p) => p.tasks.flatMap((t) => t.items)),
    ...plan.integrationPoints.flatMap((p) => p.items),
    ...plan.successCriteria,
  ];

  it('fills every stream, integration point and success criterion of Template 1', () => {
    const streams = plan.phases.flatMap((p) => p.tasks);
    expect(streams.map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(streams.flatMap((s) => s.items)).toHaveLength(32);
    expect(plan.integrationPoints.map((p) => p.items.length)).toEqual([3, 3, 3]);
    expect(plan.successCriteria).toHaveLength(5);
    expect(plan.title).toBe('Teamboard');
    expect(streams[2].items.map((i) => i.text).slice(0, 2)).toEqual([
      'Initialize backend project structure (Fastify (TypeScript))',
      'Initialize frontend project structure (React (Vite + TypeScript))',
    ]);
    expect(kindModule('web-app')).toBe(webAppKind);
  });

  it('gives every item a valid check or the reason none can prove it here, except the two nothing can decide', () => {
    const bare = items.filter((i) => i.checks.length === 0 && !i.unprovable).map((i) => i.text);
    expect(bare).toEqual(['Set up package management and dependency resolution', 'Integration points are clearly defined and tested']);
    for (const item of items)
      for (const c of item.checks) expect([item.text, checkRefProblems(c.uses, c.with ?? {})]).toEqual([item.text, []]);
  });

  it('proves the UI item with the static cross-check and the journeys in Chromium against the mock', () => {
    const ui = items.find((i) => i.text === 'Implement UI components for all API endpoints')!;
    expect(ui.checks.map((c) => `${c.uses} ${c.with?.grep ?? ''}`.trim())).toEqual(['operation-coverage', 'playwright @journey']);
    const backend = items.find((i) => i.text === 'All E2E tests pass against real implementation')!;
    expect(backend.checks[0].with).toMatchObject({ config: 'e2e/playwright.backend.config.ts', grep: '@journey' });
  });

  it('writes every file an item names and is deterministic', () => {
    const files = webAppKind.files(ctx);
    for (const item of items)
      for (const file of item.files) {
        const present = file.path.endsWith('/') ? [...files.keys()].some((f) => f.startsWith(file.path)) : files.has(file.path);
        expect(`${file.path}: ${present}`).toBe(`${file.path}: true`);
      }
    expect([...webAppKind.files(webAppKind.context({ name: 'teamboard', resources: 'boards,cards' }))]).toEqual([...files]);
  });

  it('refuses bad options naming them', () => {
    expect(() => webAppKind.context({ name: 'teamboard', frontendFramework: 'Angular' })).toThrow(/--frontendFramework "Angular"/);
    expect(() => webAppKind.context({ name: 'teamboard', contractHours: 'soon' })).toThrow(/--contractHours/);
    expect(() => webAppKind.context({ name: 'teamboard', resources: 'Bad Name' })).toThrow(/--resources/);
  });
});
