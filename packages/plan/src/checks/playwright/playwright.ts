import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { confinedEnv, runConfined } from '../process/confined';
import { PlaywrightReport, readReport } from './read-report';
import { PlaywrightRule, rules } from './rule-catalogue';

interface PlaywrightOptions {
  config?: string;
  project?: string | string[];
  grep?: string;
  chromium?: string;
  ports?: string[];
  env?: string[];
  timeout?: number;
  updateSnapshots?: boolean;
  htmlReport?: string;
  output?: string;
}

/** Where Debian (and most distributions) put Chromium; PLAYWRIGHT_CHROMIUM overrides. */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Runs a Playwright suite of the workspace headless in a Chromium that is already installed
 * (never `playwright install`): the project's own @playwright/test, its config, optionally one
 * project and a grep; the JSON report becomes findings at the spec's file:line with the trace's
 * path. No Chromium, no @playwright/test, or a run that executed no test is a failure, never a
 * pass. Free loopback ports are handed to the suite in the variables `ports` names (the config
 * starts its servers on them), so suites run side by side.
 */
export const check: CheckDefinition<PlaywrightOptions, PlaywrightRule> = {
  name: 'playwright',
  rules,
  summary:
    'Runs a Playwright suite headless in the installed Chromium; failed tests, screenshot mismatches and axe violations at file:line',
  pathsDescription: 'the suite folder (e.g. e2e: every test) or spec files to run (relative to the plan folder)',
  options: [
    { name: 'config', type: 'string', description: 'Playwright config file', default: 'playwright.config.ts' },
    { name: 'project', type: 'string[]', description: 'Playwright projects to run (--project)' },
    { name: 'grep', type: 'string', description: 'Only tests whose title matches (--grep), e.g. @journey' },
    { name: 'chromium', type: 'string', description: 'Chromium executable (else $PLAYWRIGHT_CHROMIUM, /usr/bin/chromium)' },
    { name: 'ports', type: 'string[]', description: 'Environment variables that each get a free loopback port (WEB_PORT, MOCK_PORT)' },
    { name: 'env', type: 'string[]', description: 'Names of environment variables passed to the suite' },
    { name: 'timeout', type: 'number', description: 'Seconds before the run and everything it started are killed', default: 600 },
    {
      name: 'updateSnapshots',
      type: 'boolean',
      description: 'Record missing screenshot baselines (--update-snapshots=missing) instead of failing',
    },
    {
      name: 'output',
      type: 'string',
      description:
        "Folder for the run's traces, screenshots and diffs (--output; else the config's outputDir): runs of one suite side by side each need their own, Playwright empties it first",
    },
    {
      name: 'htmlReport',
      type: 'string',
      description:
        "Folder for Playwright's HTML report besides the findings (traces and screenshots of failed tests), e.g. for CI to publish",
    },
  ],
  async run(paths, options, context) {
    const config = options.config ?? 'playwright.config.ts';
    const configFile = path.resolve(context.cwd, config);
    const fail = (rule: PlaywrightRule, message: string, file = config) =>
      resultOf('playwright', [{ rule, severity: 'error', message, file }]);
    if (!existsSync(configFile))
      return fail('playwright/config-missing', `No Playwright config at ${config}: create it or set the config option.`);

    const chromium = findChromium(options.chromium);
    if (!chromium.found) {
      return fail(
        'playwright/no-chromium',
        `No Chromium to run the suite (tried ${chromium.tried.join(', ')}): install the distribution's package (Debian: apt-get install chromium) or set PLAYWRIGHT_CHROMIUM to its path. Browsers downloaded by \`playwright install\` are not used.`,
      );
    }
    const cli = playwrightCli(path.dirname(configFile));
    if (!cli) {
      return fail(
        'playwright/not-installed',
        `@playwright/test is not installed where ${config} can load it: add it to the workspace (npm install -D @playwright/test) and install.`,
      );
    }

    const timeout = options.timeout ?? 600;
    if (!(timeout > 0)) throw new CheckUsageError('playwright: timeout must be a positive number of seconds.');
    const outDir = mkdtempSync(path.join(tmpdir(), 'plan-playwright-'));
    const reportFile = path.join(outDir, 'report.json');
    const marker = randomUUID();
    try {
      const ports: Record<string, string> = {};
      for (const name of options.ports ?? []) ports[name] = String(await freePort());
      const html = options.htmlReport ? path.resolve(context.cwd, options.htmlReport) : undefined;
      const args = [cli, 'test', '--config', configFile, html ? '--reporter=json,html' : '--reporter=json'];
      for (const p of toList(options.project)) args.push('--project', p);
      if (options.grep) args.push('--grep', options.grep);
      if (options.updateSnapshots) args.push('--update-snapshots=missing');
      if (options.output) args.push('--output', path.resolve(context.cwd, options.output));
      // A folder (the suite's own, e.g. e2e) runs the whole suite; files narrow the run to themselves.
      args.push(...paths.filter((p) => !isFolder(path.resolve(context.cwd, p))));
      const started = Date.now();
      const outcome = await runConfined({
        command: process.execPath,
        args,
        cwd: context.cwd,
        env: confinedEnv({
          pass: options.env ?? [],
          set: {
            ...ports,
            PLAYWRIGHT_CHROMIUM: chromium.found,
            PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile,
            PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
            ...(html ? { PLAYWRIGHT_HTML_OUTPUT_DIR: html, PLAYWRIGHT_HTML_OPEN: 'never' } : {}),
            // Whatever the run starts carries it, so that killMarked finds what Playwright's servers left behind.
            [MARKER]: marker,
            CI: '1',
          },
        }),
        timeoutMs: timeout * 1000,
      });
      const durationMs = Date.now() - started;
      const metadata: Record<string, unknown> = {
        chromium: chromium.found,
        exitCode: outcome.code,
        durationMs,
        ports,
        output: outcome.output.slice(-8000),
      };
      if (outcome.timedOut) {
        return resultOf(
          'playwright',
          [
            {
              rule: 'playwright/timeout',
              severity: 'error',
              message: `The suite did not finish within ${timeout}s and was stopped with everything it started.`,
              file: config,
            },
          ],
          metadata,
        );
      }
      const report = readJson(reportFile);
      if (!report) {
        const tail = outcome.output.trim().split('\n').slice(-8).join('\n');
        return resultOf(
          'playwright',
          [
            {
              rule: 'playwright/run-error',
              severity: 'error',
              message: `Playwright wrote no report (exit ${outcome.code ?? outcome.signal}): ${tail}`,
              file: config,
            },
          ],
          metadata,
        );
      }
      const summary = readReport(report, context.cwd, config);
      const findings: Finding<PlaywrightRule>[] = [...summary.findings];
      if (summary.passed + summary.failed + summary.flaky === 0 && !findings.some((f) => f.severity === 'error')) {
        findings.push({
          rule: 'playwright/no-tests',
          severity: 'error',
          message: `No test ran${options.grep ? ` (grep ${options.grep})` : ''}${options.project ? ` (project ${toList(options.project).join(', ')})` : ''}: nothing was proven. Check the filters and the testDir.`,
          file: config,
        });
      }
      if (outcome.code !== 0 && !findings.some((f) => f.severity === 'error')) {
        findings.push({
          rule: 'playwright/run-error',
          severity: 'error',
          message: `Playwright exited with ${outcome.code ?? outcome.signal} though no test failed.`,
          file: config,
        });
      }
      return resultOf('playwright', findings, {
        ...metadata,
        passed: summary.passed,
        failed: summary.failed,
        flaky: summary.flaky,
        skipped: summary.skipped,
        tests: summary.tests,
      });
    } finally {
      killMarked(marker);
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};

/**
 * Playwright starts its web servers in process groups of their own, so killing the run (a
 * timeout) leaves them running. Every process of a run carries the run's marker in its
 * environment; whatever still carries it afterwards is killed.
 */
const MARKER = 'PLAN_PLAYWRIGHT_RUN';
function killMarked(marker: string): void {
  if (process.platform !== 'linux') return;
  const needle = `${MARKER}=${marker}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle)) process.kill(Number(entry), 'SIGKILL');
    } catch {
      // Gone already, or not ours to read.
    }
  }
}

const isFolder = (file: string) => existsSync(file) && statSync(file).isDirectory();
const toList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function findChromium(option: string | undefined): { found?: string; tried: string[] } {
  const candidates = option ? [option] : process.env.PLAYWRIGHT_CHROMIUM ? [process.env.PLAYWRIGHT_CHROMIUM] : CHROMIUM_CANDIDATES;
  const found = candidates.find((file) => existsSync(file) && statSync(file).isFile());
  return { found, tried: candidates };
}

/** The project's own Playwright CLI (never one bundled with the plugin: the suite's version decides). */
function playwrightCli(from: string): string | undefined {
  try {
    const pkg = require.resolve('@playwright/test/package.json', { paths: [from] });
    const cli = path.join(path.dirname(pkg), 'cli.js');
    return existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

function readJson(file: string): PlaywrightReport | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PlaywrightReport;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
