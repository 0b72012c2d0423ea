import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from './playwright';

/**
 * Real suites in the installed Chromium (Debian's /usr/bin/chromium; the spec skips, saying why,
 * where none exists). One run covers a pass, a failing expectation, a missing baseline and an
 * accessibility attachment; a second run compares the recorded baseline with a changed colour.
 */
const chromium = ['/usr/bin/chromium', process.env.PLAYWRIGHT_CHROMIUM].find((f): f is string => !!f && existsSync(f));
const describeWithChromium = chromium ? describe : describe.skip;
if (!chromium) console.warn('playwright spec skipped: no Chromium at /usr/bin/chromium or $PLAYWRIGHT_CHROMIUM');

const repoModules = path.resolve(__dirname, '../../../../../node_modules');
let dir: string;
const write = (relative: string, text: string) => {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

const CONFIG = `import { defineConfig } from '@playwright/test';
export default defineConfig({
  testDir: 'e2e',
  retries: 0,
  use: { launchOptions: { executablePath: process.env.PLAYWRIGHT_CHROMIUM }, trace: 'retain-on-failure' },
});
`;
const page = (colour: string) =>
  `<html lang="en"><head><title>t</title></head><body><main><h1>Board</h1><button style="background:${colour};color:#fff">Save</button></main></body></html>`;
const SUITE = (colour: string) => `import { test, expect } from '@playwright/test';
test('passes @journey', async ({ page }) => {
  await page.setContent('<main><h1>Boards</h1></main>');
  await expect(page.getByRole('heading', { name: 'Boards' })).toBeVisible();
});
test('fails @journey', async ({ page }) => {
  await page.setContent('<main><h1>Boards</h1></main>');
  await expect(page.getByRole('heading', { name: 'Cards' })).toBeVisible({ timeout: 500 });
});
test('looks the same @visual', async ({ page }) => {
  await page.setContent(${JSON.stringify(page(colour))});
  await expect(page).toHaveScreenshot('board.png');
});
test('accessible @a11y', async ({ page }) => {
  const violations = [{ id: 'image-alt', impact: 'critical', help: 'Images must have alternate text', nodes: [{ target: ['img.logo'] }] }];
  await test.info().attach('axe-violations', { body: JSON.stringify(violations), contentType: 'application/json' });
  expect(violations.map((v) => v.id)).toEqual([]);
});
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'playwright-check-'));
  symlinkSync(repoModules, path.join(dir, 'node_modules'), 'dir');
  write('playwright.config.ts', CONFIG);
  write('e2e/board.spec.ts', SUITE('#0050b3'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithChromium('playwright', () => {
  jest.setTimeout(240_000);

  it('turns failed tests, a missing baseline and accessibility violations into findings at the spec line, with the trace', async () => {
    const r = await check.run([], {}, { cwd: dir });
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      'playwright/test-failed e2e/board.spec.ts:8',
      'playwright/screenshot-missing e2e/board.spec.ts:12',
      'playwright/a11y e2e/board.spec.ts:17',
    ]);
    expect(r.findings[0].message).toMatch(/Trace: test-results\/.+\/trace\.zip/);
    expect(r.findings[1].message).toContain('e2e/board.spec.ts-snapshots/board-');
    expect(r.findings[2].message).toContain('image-alt (critical)');
    expect(r.metadata).toMatchObject({ passed: 1, failed: 3, chromium });
  });

  it('passes against the recorded baseline and fails on a changed colour, with the diff', async () => {
    const same = await check.run([], { grep: '@visual' }, { cwd: dir });
    expect(same.findings).toEqual([]);
    expect(same.metadata).toMatchObject({ passed: 1, failed: 0 });
    write('e2e/board.spec.ts', SUITE('#b30000'));
    const changed = await check.run([], { grep: '@visual' }, { cwd: dir });
    expect(changed.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual(['playwright/screenshot-mismatch e2e/board.spec.ts:12']);
    expect(changed.findings[0].message).toMatch(/diff: test-results\/.+-diff\.png/);
  });

  it('runs one suite twice side by side, each with its own output (traces) and HTML report folder', async () => {
    const runs = await Promise.all(
      ['a', 'b'].map((n) => check.run([], { grep: 'fails @journey', output: `runs/${n}`, htmlReport: `reports/${n}` }, { cwd: dir })),
    );
    runs.forEach((r, i) => {
      const n = ['a', 'b'][i];
      expect(r.findings.map((f) => f.rule)).toEqual(['playwright/test-failed']);
      const trace = /Trace: (\S+trace\.zip)/.exec(r.findings[0].message)?.[1] ?? '';
      expect(trace.startsWith(`runs/${n}/`)).toBe(true);
      expect(existsSync(path.join(dir, trace))).toBe(true);
      expect(existsSync(path.join(dir, 'reports', n, 'index.html'))).toBe(true);
    });
  });

  it('fails when no test matches: nothing proven is no pass', async () => {
    const r = await check.run([], { grep: '@nothing-has-this-tag' }, { cwd: dir });
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.rule)).toEqual(['playwright/no-tests']);
  });
});

describe('playwright without what it needs', () => {
  it('fails naming the missing Chromium (never downloads one)', async () => {
    const r = await check.run([], { chromium: '/nonexistent/chromium' }, { cwd: dir });
    expect(r.ok).toBe(false);
    expect(r.findings[0].rule).toBe('playwright/no-chromium');
    expect(r.findings[0].message).toContain('apt-get install chromium');
  });

  it('fails naming a missing config', async () => {
    const r = await check.run([], { config: 'nope.config.ts' }, { cwd: dir });
    expect(r.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['playwright/config-missing nope.config.ts']);
  });

  it('fails when @playwright/test cannot be loaded from the suite', async () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'playwright-bare-'));
    writeFileSync(path.join(bare, 'playwright.config.ts'), readFileSync(path.join(dir, 'playwright.config.ts')));
    try {
      const r = await check.run([], { chromium: chromium ?? '/bin/sh' }, { cwd: bare });
      expect(r.findings.map((f) => f.rule)).toEqual(['playwright/not-installed']);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
