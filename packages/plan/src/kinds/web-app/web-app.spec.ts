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

  it('gives every item a valid check or the reason none can prove it here', () => {
    const bare = items.filter((i) => i.checks.length === 0 && !i.unprovable).map((i) => i.text);
    expect(bare).toEqual([]);
    const code = items.find((i) => i.text.startsWith('Configure code quality tools'))!;
    expect(
      code.checks.map((c) =>
        String(c.with?.command ?? c.uses)
          .split(' ')
          .slice(0, 3)
          .join(' '),
      ),
    ).toEqual(['npx --no-install eslint', 'npx --no-install prettier', 'typecheck']);
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

  it('puts the web app in the compose stack and CI, and publishes the Playwright report', () => {
    const files = webAppKind.files(ctx);
    const compose = files.get('docker-compose.yml')!;
    expect(compose).toMatch(/^ {2}web:\n {4}build:\n {6}context: web\n {6}dockerfile: Dockerfile\n/m);
    expect(compose).toMatch(/"127\.0\.0\.1:8081:8081"/);
    expect(files.get('web/Dockerfile')).toMatch(/^FROM nginxinc\/nginx-unprivileged:[\d.]+-alpine AS runtime$/m);
    expect(files.get('web/nginx.conf')).toMatch(/proxy_pass http:\/\/gateway:8000\/;/);
    const ci = files.get('.github/workflows/ci.yml')!;
    expect(ci).toMatch(/name: playwright-report\n {10}path: \|\n {12}teamboard\/playwright-report\/\n/);
    expect(ci).toMatch(/docker build -f web\/Dockerfile -t teamboard-web:local web/);
    expect(JSON.parse(files.get('web/package.json')!).devDependencies).toMatchObject({
      eslint: expect.any(String),
      prettier: expect.any(String),
    });
    expect(files.get('.gitignore')).toMatch(/^playwright-report\/$/m);
    const browser = items.find((i) => i.text === 'Connect frontend to mock API service')!;
    expect(browser.checks[0].with).toMatchObject({ htmlReport: 'playwright-report/mock-smoke', output: 'test-results/mock-smoke' });
  });

  it('gives every browser run its own output and report folders (items run side by side; Playwright empties its output first)', () => {
    const runs = items.flatMap((i) => i.checks.filter((c) => c.uses === 'playwright').map((c) => c.with ?? {}));
    expect(runs.length).toBeGreaterThanOrEqual(10);
    expect(new Set(runs.map((w) => w.output)).size).toBe(runs.length);
    expect(new Set(runs.map((w) => w.htmlReport)).size).toBe(runs.length);
  });

  it("keeps everything verification writes out of git and the input hashes: the backend half's builds and pacts, the browser runs, the web build", () => {
    const ignored = (webAppKind.files(ctx).get('.gitignore') ?? '').split('\n').filter((l) => l && !l.startsWith('#'));
    const runs = items.flatMap((i) => i.checks.filter((c) => c.uses === 'playwright').map((c) => c.with ?? {}));
    const written = [
      'sdk/dist/',
      'docs/dist/',
      'tests/contract/pacts/',
      'web/dist/',
      ...runs.flatMap((w) => [`${w.output}/`, `${w.htmlReport}/`]),
    ];
    expect(written.filter((dir) => !ignored.some((line) => dir.startsWith(line)))).toEqual([]);
  });

  it('refuses bad options naming them', () => {
    expect(() => webAppKind.context({ name: 'teamboard', frontendFramework: 'Angular' })).toThrow(/--frontendFramework "Angular"/);
    expect(() => webAppKind.context({ name: 'teamboard', contractHours: 'soon' })).toThrow(/--contractHours/);
    expect(() => webAppKind.context({ name: 'teamboard', resources: 'Bad Name' })).toThrow(/--resources/);
  });
});
