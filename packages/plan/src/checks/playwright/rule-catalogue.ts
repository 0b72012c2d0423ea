import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'playwright/config-missing': { severity: 'error', help: 'The Playwright config the check runs exists.' },
  'playwright/no-chromium': {
    severity: 'error',
    help: 'A Chromium is installed (Debian: apt-get install chromium) or PLAYWRIGHT_CHROMIUM names one; nothing is downloaded.',
  },
  'playwright/not-installed': { severity: 'error', help: '@playwright/test is installed where the config can load it.' },
  'playwright/timeout': { severity: 'error', help: 'The suite finishes within the timeout option.' },
  'playwright/run-error': { severity: 'error', help: 'Playwright runs the suite (config loads, web servers start, a report is written).' },
  'playwright/no-tests': { severity: 'error', help: 'At least one test runs: a suite that ran nothing proves nothing.' },
  'playwright/test-failed': {
    severity: 'error',
    help: 'Every test passes; the finding is at the failing line and names the trace to open.',
  },
  'playwright/screenshot-mismatch': {
    severity: 'error',
    help: 'Screenshots match their committed baselines (update them with --update-snapshots when a change is intended).',
  },
  'playwright/screenshot-missing': { severity: 'error', help: 'Every screenshot has a committed baseline to compare with.' },
  'playwright/a11y': {
    severity: 'error',
    help: 'Pages have no axe-core accessibility violations (attached by the suite as axe-violations).',
  },
  'playwright/flaky': { severity: 'warning', help: 'Tests pass on the first attempt.' },
});
export type PlaywrightRule = RuleId<typeof rules>;
