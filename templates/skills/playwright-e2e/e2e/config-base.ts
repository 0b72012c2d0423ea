import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

/** One server the suite starts (Playwright waits for its URL and stops it after). */
export type Server = Extract<NonNullable<PlaywrightTestConfig['webServer']>, { command: string }>;
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Settings both suites share. The browser is an installed Chromium — PLAYWRIGHT_CHROMIUM, else
 * Debian's /usr/bin/chromium — never one downloaded by `playwright install`; without one the run
 * stops here saying so (it never passes without a browser).
 */
export const planRoot = path.resolve(__dirname, '..');
export const webPort = Number(process.env.WEB_PORT ?? 5173);

function chromium(): string {
  const candidates = process.env.PLAYWRIGHT_CHROMIUM
    ? [process.env.PLAYWRIGHT_CHROMIUM]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((file) => existsSync(file));
  if (!found)
    throw new Error(`No Chromium at ${candidates.join(' or ')}: install it (Debian: apt-get install chromium) or set PLAYWRIGHT_CHROMIUM.`);
  return found;
}

/** The web app's dev server, forwarding /api to `apiTarget`, with the test identity (VITE_AUTH_MODE=mock). */
export function webServer(apiTarget: string): Server {
  return {
    // Suites run side by side on their own ports: Vite's one-dev-server-per-project lock is bypassed.
    command: 'npx --no-install vite --config web/vite.config.ts --bypass-lock',
    cwd: planRoot,
    url: `http://127.0.0.1:${webPort}/`,
    env: { WEB_PORT: String(webPort), API_TARGET: apiTarget, VITE_AUTH_MODE: 'mock' },
    reuseExistingServer: false,
    timeout: 240_000,
  };
}

export function suiteConfig(name: 'mock' | 'backend', servers: Server[]): PlaywrightTestConfig {
  return defineConfig({
    testDir: __dirname,
    testMatch: '**/*.spec.ts',
    outputDir: path.join(planRoot, 'test-results', name),
    fullyParallel: false,
    workers: 1,
    retries: 0,
    // Generous: CI machines are shared; a slow answer is not a failure, a wrong one is.
    timeout: 120_000,
    expect: { timeout: 20_000, toHaveScreenshot: { maxDiffPixelRatio: 0.001, animations: 'disabled' } },
    reporter: [['list'], ['html', { outputFolder: path.join(planRoot, 'playwright-report', name), open: 'never' }]],
    use: {
      baseURL: `http://127.0.0.1:${webPort}`,
      launchOptions: { executablePath: chromium() },
      viewport: { width: 1280, height: 800 },
      // An action that cannot happen (a field nobody labels) fails naming its locator, long before the test's timeout.
      actionTimeout: 30_000,
      navigationTimeout: 60_000,
      trace: 'retain-on-failure',
      screenshot: 'only-on-failure',
    },
    projects: [{ name }],
    webServer: servers,
  });
}
