/**
 * Issue 14: the web app's browser suites against a bare Playwright run of one empty page, in the
 * same run, on the same Chromium (ratios, never timed assertions).
 *
 *   node -r @swc-node/register tools/bench/web-app-suites.ts <plan folder of a generated web-app>
 *
 * The plan folder must be inside a workspace where `nx g plan:web-app` installed its packages, with
 * the screenshot baselines recorded (`nx run <plan>:record-screenshots`; e2e/web-app.e2e.ts leaves
 * such a workspace in $TMPDIR/plan-e2e-web-app-*). Times are in ms.
 * Measured through the playwright check (the code path of `nx run-many -t verify`):
 * (base) a suite of one test opening about:blank — Playwright, the browser and nothing else;
 * (a) @smoke against the mock: Prism + Vite dev server + the app, 2 tests;
 * (b) every suite against the mock (auth, a11y, journeys, smoke, validation, responsive, visual);
 * (c) @journey against the real backend (Fastify + PGlite + Vite).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/playwright/playwright';
import { fmtMs, fmtRatio, table } from './lib';

async function timed(
  label: string,
  run: () => ReturnType<typeof check.run>,
): Promise<{ label: string; ms: number; ok: boolean; tests: number }> {
  const started = Date.now();
  const result = await run();
  const ms = Date.now() - started;
  const meta = result.metadata as { passed?: number; failed?: number };
  if (!result.ok) console.error(`${label}: ${result.findings.map((f) => `${f.rule} ${f.file}:${f.line ?? ''} ${f.message}`).join('\n')}`);
  return { label, ms, ok: result.ok, tests: (meta.passed ?? 0) + (meta.failed ?? 0) };
}

async function main(): Promise<void> {
  const planDir = path.resolve(process.argv[2] ?? '');
  if (!process.argv[2]) throw new Error('Give the plan folder of a generated web-app (inside a workspace with its packages installed).');
  const bareDir = path.join(planDir, 'e2e-bench-bare');
  mkdirSync(bareDir, { recursive: true });
  writeFileSync(
    path.join(bareDir, 'playwright.config.ts'),
    `import { defineConfig } from '@playwright/test';
export default defineConfig({ testDir: __dirname, use: { launchOptions: { executablePath: process.env.PLAYWRIGHT_CHROMIUM } } });
`,
  );
  writeFileSync(
    path.join(bareDir, 'empty.spec.ts'),
    `import { test, expect } from '@playwright/test';
test('empty page', async ({ page }) => {
  await page.goto('about:blank');
  await expect(page).toHaveURL('about:blank');
});
`,
  );
  const ctx = { cwd: planDir };
  const mock = { config: 'e2e/playwright.mock.config.ts', ports: ['WEB_PORT', 'MOCK_PORT'], timeout: 1800 };
  const out = (name: string) => ({ output: `test-results/bench-${name}` });
  try {
    const rows = [
      await timed('bare: one empty page', () =>
        check.run([], { config: 'e2e-bench-bare/playwright.config.ts', timeout: 600, ...out('bare') }, ctx),
      ),
      await timed('mock @smoke', () => check.run([], { ...mock, grep: '@smoke', ...out('smoke') }, ctx)),
      await timed('mock, every suite', () => check.run([], { ...mock, ...out('all') }, ctx)),
      await timed('backend @journey', () =>
        check.run(
          [],
          {
            config: 'e2e/playwright.backend.config.ts',
            ports: ['WEB_PORT', 'API_PORT'],
            grep: '@journey',
            timeout: 1800,
            ...out('backend'),
          },
          ctx,
        ),
      ),
    ];
    const base = rows[0].ms;
    console.log(
      table([
        ['run', 'tests', 'ok', 'time (ms)', 'ratio to bare'],
        ...rows.map((r) => [r.label, String(r.tests), String(r.ok), fmtMs(r.ms), fmtRatio(r.ms / base)]),
      ]),
    );
  } finally {
    rmSync(bareDir, { recursive: true, force: true });
    for (const name of ['bare', 'smoke', 'all', 'backend'])
      rmSync(path.join(planDir, 'test-results', `bench-${name}`), { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
