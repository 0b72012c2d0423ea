import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tasksOf } from './utils/nx-tasks';
import { ids, PlanItems, type Finding } from './utils/plan-items';
import { Workspace } from './utils/workspace';

/**
 * Issue 14 acceptance with the real nx CLI and the packed plugin, in ONE workspace:
 * `nx g plan:web-app teamboard --resources=boards,cards` (packages added and installed), the
 * screenshot baselines recorded once (nx run teamboard:record-screenshots), then
 * `nx run-many -t verify` with only a loopback network: every item with a check is verified — the
 * browser suites run in Debian's Chromium against Prism and against the real backend, ESLint and
 * Prettier over web/ — and the items no machine here proves stay unproven (awaiting attestation,
 * blocking nothing; the verify gate fails until they are attested). Then the five mutations of the
 * issue, applied together so the browser suites run once more (2 cores): exactly the items that
 * claim what they break fail, each with its own rule, file and line (the journey with its trace).
 * Skips, saying why, without Chromium.
 */
interface CheckResult {
  check: string;
  ok: boolean;
  findings: Finding[];
  metadata?: Record<string, unknown>;
}

const PLAN = 'teamboard';
const chromium = ['/usr/bin/chromium', process.env.PLAYWRIGHT_CHROMIUM].find((f): f is string => !!f && existsSync(f));
const describeWithChromium = chromium ? describe : describe.skip;
if (!chromium) console.warn('web-app e2e skipped: no Chromium at /usr/bin/chromium or $PLAYWRIGHT_CHROMIUM');

/** The items no machine here proves (a container engine, a reviewer's judgement): unproven, awaiting attestation. */
const UNPROVABLE = [
  'B.5',
  'D.5',
  'integration-1.3',
  'integration-2.3',
  'integration-3.1',
  'integration-3.2',
  'success.3',
  'success.4',
  'success.5',
].sort();

describeWithChromium('nx g plan:web-app (packed plugin, real nx, Chromium)', () => {
  // The browser suites run a dozen times in one verify: minutes on a shared 2-core machine.
  jest.setTimeout(45 * 60_000);
  let ws: Workspace;
  let plan: PlanItems;
  // Only loopback: the suites, the mock and the backend must need nothing from outside.
  const verifyOffline = (w: Workspace, ...flags: string[]) =>
    w.run('unshare', [
      '--net',
      'sh',
      '-c',
      `ip link set lo up && exec ${path.join(w.root, 'node_modules', '.bin', 'nx')} run-many -t verify ${flags.join(' ')}`,
    ]);
  /** One item's check results, from its unit's recorded result. */
  const resultsOf = (id: string): CheckResult[] => {
    const dir = plan.file('.plan/results');
    for (const name of readdirSync(dir)) {
      const unit = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
      const item = (unit.items ?? []).find((i: { id: string }) => i.id === id);
      if (item) return item.results ?? [];
    }
    return [];
  };
  const findingsOf = (id: string): Finding[] => resultsOf(id).flatMap((r) => r.findings ?? []);

  beforeAll(() => {
    ws = Workspace.create('web-app');
    plan = new PlanItems(ws, PLAN, { verify: verifyOffline });
    const gen = ws.nx('g', 'plan:web-app', PLAN, '--resources=boards,cards', '--no-interactive');
    if (gen.code !== 0) throw new Error(`generator failed:\n${gen.output}`);
    ws.commit('generate teamboard');
  });

  it('writes the contract, backend, web app (lint and format configs, image), browser suites, compose and CI, and installs their packages', () => {
    for (const relative of [
      'contracts/openapi.yaml',
      'api/src/server.ts',
      'web/src/api/client.ts',
      'web/src/resources/cards.ts',
      'web/eslint.config.mjs',
      'web/.prettierrc.json',
      'web/Dockerfile',
      'e2e/playwright.mock.config.ts',
      'e2e/playwright.backend.config.ts',
      'e2e/journeys/boards.spec.ts',
      'docker-compose.yml',
      '.github/workflows/ci.yml',
    ])
      expect(readFileSync(plan.file(relative), 'utf8').length).toBeGreaterThan(0);
    expect(readFileSync(plan.file('docker-compose.yml'), 'utf8')).toMatch(/^ {2}web:\n {4}build:\n {6}context: web\n/m);
    expect(readFileSync(plan.file('.github/workflows/ci.yml'), 'utf8')).toMatch(/name: playwright-report\n/);
    const pkg = JSON.parse(ws.read('package.json'));
    expect(pkg.devDependencies).toMatchObject({
      '@playwright/test': expect.any(String),
      vite: expect.any(String),
      '@axe-core/playwright': expect.any(String),
      eslint: expect.any(String),
      prettier: expect.any(String),
    });
    expect(existsSync(path.join(ws.root, 'node_modules', 'react', 'package.json'))).toBe(true);
    const again = ws.nx('g', 'plan:web-app', PLAN, '--resources=boards,cards', '--no-interactive');
    expect(again.code).toBe(0);
    expect(ws.sh('git', ['status', '--porcelain'])).toBe('');
  });

  it('records the screenshot baselines on request (verify never records them)', () => {
    const run = ws.nx('run', `${PLAN}:record-screenshots`);
    expect([run.code, run.code === 0 ? '' : run.output.slice(-3000)]).toEqual([0, '']);
    const shots = readdirSync(plan.file('e2e/visual.spec.ts-snapshots'));
    expect(shots).toEqual(expect.arrayContaining(['home-mock-linux.png', 'boards-list-mock-linux.png']));
    ws.commit('screenshot baselines');
  });

  it('verifies every item with a check, in Chromium against the mock and the real backend, offline; the rest is unproven', () => {
    const run = plan.verify();
    const units = plan.rows();
    const all = units.flatMap((r) => r.items);
    const by = (s: string) => ids(all.filter((i) => i.status === s));
    expect([by('failed'), by('failed').length ? run.output.slice(-4000) : '']).toEqual([[], '']);
    expect(by('blocked')).toEqual([]);
    expect(by('unproven')).toEqual(UNPROVABLE);
    expect(by('verified')).toHaveLength(all.length - UNPROVABLE.length);
    // Awaiting attestation blocks nothing (the units succeed, so Nx hides their output), but the plan's
    // verify gate fails until a person attests: its report names exactly the units holding unproven items.
    const gate = run.output.match(new RegExp(`${PLAN}:verify: \\d+ of ${units.length} verified or attested; not done:\\n((?: {4}.*\\n)+)`));
    const open = units.filter((u) => u.items.some((i) => i.status === 'unproven'));
    expect(gate?.[1].trim().split(/\n\s*/).sort()).toEqual(
      open
        .map(
          (u) =>
            `${u.key}: unproven (${u.items
              .filter((i) => i.status === 'unproven')
              .map((i) => `${i.id} unproven`)
              .join(', ')})`,
        )
        .sort(),
    );
    expect(open.length).toBeGreaterThan(0);
    expect(run.code).not.toBe(0);

    // The browser suites really ran in Chromium: journeys against the mock and against the backend, with a report for CI.
    for (const id of ['E.3', 'integration-2.2']) {
      const browser = resultsOf(id).find((r) => r.check === 'playwright');
      expect([id, browser?.metadata?.chromium, Number(browser?.metadata?.passed) >= 2]).toEqual([id, chromium, true]);
    }
    expect(existsSync(plan.file('playwright-report/mock-journey/index.html'))).toBe(true);
    // Code quality: ESLint and Prettier (commands) and the compilers, each passed.
    expect(resultsOf('C.4').map((r) => `${r.check} ${r.ok}`)).toEqual([
      'files-exist true',
      'command true',
      'command true',
      'typecheck true',
    ]);
    const status = ws.plan('status', PLAN);
    expect(status.output).toContain(
      `items: ${all.length - UNPROVABLE.length} verified, 0 attested, ${UNPROVABLE.length} unproven, 0 failed, 0 blocked`,
    );
    // Each unprovable item's row: "? B.5  <priority> unproven <text> — <why>".
    for (const id of UNPROVABLE) expect(status.output).toMatch(new RegExp(`^ {4}\\S+ ${id.replace('.', '\\.')} +\\S+ +unproven `, 'm'));

    // What verification wrote (builds, traces, reports) is ignored: git stays clean and, the same files
    // staying out of the input hashes, a second verify reads every unit from Nx's cache.
    expect(ws.sh('git', ['status', '--porcelain'])).toBe('');
    const again = tasksOf(verifyOffline(ws, '--outputStyle=static').output);
    expect(again).toEqual({ executed: [], cached: units.map((u) => `${PLAN}:${u.key}`).sort() });
  });

  it('the five mutations fail exactly the items that claim what each breaks, at file and line', () => {
    // 1. A page calls an operation missing from the contract (TypeScript cannot see it).
    writeFileSync(
      plan.file('web/src/resources/archive.ts'),
      "export const archiveBoard = (id: string) =>\n  fetch(`/api/v1/boards/${encodeURIComponent(id)}/archive`, { method: 'POST' });\n",
    );
    // 2. A broken form field name: the form sends `title`, the contract wants `name`.
    plan.edit('web/src/resources/boards.ts', (t) => t.replace('"name": "name"', '"name": "title"'));
    // 3. A changed button colour.
    plan.edit('web/src/styles.css', (t) => t.replace('--primary: #1f5fbf;', '--primary: #8a1fbf;'));
    // 4. An <img> without alt.
    plan.edit('web/src/components/layout.tsx', (t) => t.replace(' alt={APP.title}', ''));
    // 5. A TypeScript error in web/src.
    plan.edit('web/src/components/status.tsx', (t) => `${t}\nexport const retries: number = '3';\n`);
    try {
      const run = plan.verify();
      expect(run.code).not.toBe(0);
      const all = plan.items();
      const failed = ids(all.filter((i) => i.status === 'failed'));
      // C.2/C.4 compile web/src; E.2 scans accessibility; E.3 cross-checks operations and runs the journeys; F.4 compares screenshots.
      expect([failed, run.output.slice(-3000)]).toEqual([['C.2', 'C.4', 'E.2', 'E.3', 'F.4'].sort(), expect.any(String)]);
      // The journeys against the real backend (integration 2) wait for the frontend stream: blocked, not run.
      expect(all.find((i) => i.id === 'integration-2.2')?.status).toBe('blocked');

      const rules = (id: string) => findingsOf(id).map((f) => `${f.rule} ${f.file}:${f.line ?? ''}`);
      expect(rules('C.2')).toEqual([expect.stringMatching(/^TS2322 .*web\/src\/components\/status\.tsx:\d+$/)]);
      expect(rules('C.4')).toEqual([expect.stringMatching(/^TS2322 .*web\/src\/components\/status\.tsx:\d+$/)]);
      expect(rules('E.2')).toEqual(expect.arrayContaining([expect.stringMatching(/^playwright\/a11y .*e2e\/fixtures\.ts:\d+$/)]));
      expect(findingsOf('E.2').some((f) => /image-alt/.test(f.message))).toBe(true);
      const ui = findingsOf('E.3');
      expect(ui.map((f) => f.rule)).toEqual(expect.arrayContaining(['operation/undocumented-call', 'playwright/test-failed']));
      expect(ui.find((f) => f.rule === 'operation/undocumented-call')).toMatchObject({
        file: expect.stringContaining('web/src/resources/archive.ts'),
        line: 2,
      });
      const journey = ui.filter((f) => f.rule === 'playwright/test-failed');
      expect(journey).toHaveLength(1); // cards' journey still passes
      expect(journey[0].file).toMatch(/e2e\/journey\.ts$/);
      expect(journey[0].line).toBeGreaterThan(0);
      expect(journey[0].message).toMatch(/Boards: list, create[\s\S]*Trace: .*trace\.zip/);
      expect(rules('F.4')).toEqual(
        expect.arrayContaining([expect.stringMatching(/^playwright\/screenshot-mismatch .*e2e\/visual\.spec\.ts:\d+$/)]),
      );
    } finally {
      plan.restore();
      ws.sh('git', ['clean', '-fdq', `${PLAN}/web/src`]);
    }
  });
});
