import * as path from 'node:path';
import { Finding } from '../contract';
import { PlaywrightRule } from './rule-catalogue';

/**
 * Playwright's JSON report (reporter `json`) turned into findings: one per failed test at the
 * failing line of its spec (the expectation that failed, else the test's declaration), with the
 * trace's path; screenshot mismatches and missing baselines, and accessibility violations (the
 * `axe-violations` attachment the generated tests add), as rules of their own.
 */

interface Location {
  file: string;
  line: number;
  column: number;
}
interface Attachment {
  name: string;
  contentType?: string;
  path?: string;
  body?: string;
}
interface TestError {
  message?: string;
  location?: Location;
}
interface TestResult {
  status: string;
  errors?: TestError[];
  error?: TestError;
  attachments?: Attachment[];
  duration?: number;
}
interface ReportTest {
  projectName?: string;
  status?: string;
  results?: TestResult[];
}
interface ReportSpec {
  title: string;
  file: string;
  line: number;
  column: number;
  tests?: ReportTest[];
}
interface ReportSuite {
  title?: string;
  file?: string;
  specs?: ReportSpec[];
  suites?: ReportSuite[];
}
export interface PlaywrightReport {
  config?: { rootDir?: string };
  suites?: ReportSuite[];
  errors?: TestError[];
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number; duration?: number };
}

/** An accessibility violation as the generated tests attach it (a subset of axe-core's result). */
interface AxeViolation {
  id?: string;
  impact?: string;
  help?: string;
  helpUrl?: string;
  nodes?: { target?: unknown[] }[];
}

export interface ReportSummary {
  findings: Finding<PlaywrightRule>[];
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  tests: { title: string; project?: string; status: string; file: string; line: number }[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
/** The report is input like any other: every field is checked before it is used. */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value.filter((v) => v && typeof v === 'object') as T[]) : []);
const position = (value: unknown): number | undefined =>
  Number.isInteger(value) && (value as number) >= 1 ? (value as number) : undefined;
function locationOf(value: unknown): Location | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { file, line, column } = value as Record<string, unknown>;
  const l = position(line);
  return typeof file === 'string' && file !== '' && l !== undefined ? { file, line: l, column: position(column) ?? 1 } : undefined;
}

const firstLines = (message: unknown, count = 3) =>
  (text(message) ?? 'the test failed')
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, count)
    .join(' | ');

export function readReport(report: PlaywrightReport, cwd: string, configFile: string): ReportSummary {
  const rootDir = text(report.config?.rootDir) ?? cwd;
  const rel = (file: string) => {
    const absolute = path.isAbsolute(file) ? file : path.join(rootDir, file);
    return path.relative(cwd, absolute) || absolute;
  };
  const summary: ReportSummary = { findings: [], passed: 0, failed: 0, flaky: 0, skipped: 0, tests: [] };

  for (const error of list<TestError>(report.errors)) {
    const none = /No tests found/.test(text(error.message) ?? '');
    const at = locationOf(error.location);
    summary.findings.push({
      rule: none ? 'playwright/no-tests' : 'playwright/run-error',
      severity: 'error',
      message: none
        ? `No test ran, so nothing was proven: ${firstLines(error.message, 2)}. Check the grep, project and testDir.`
        : `Playwright could not run the suite: ${firstLines(error.message, 6)}`,
      ...(error.location
        ? { file: rel(error.location.file), line: error.location.line, column: error.location.column }
        : { file: configFile }),
    });
  }

  const visit = (suite: ReportSuite, titles: string[]) => {
    const suiteTitle = text(suite.title);
    const here = suiteTitle && !text(suite.file)?.endsWith(suiteTitle) ? [...titles, suiteTitle] : titles;
    for (const raw of list<ReportSpec>(suite.specs)) {
      const spec: ReportSpec = {
        ...raw,
        title: text(raw.title) ?? '(untitled)',
        file: text(raw.file) ?? configFile,
        line: position(raw.line) ?? 1,
        column: position(raw.column) ?? 1,
      };
      for (const test of list<ReportTest>(spec.tests)) {
        const title = [...here, spec.title].join(' › ');
        const status = text(test.status) ?? 'unknown';
        summary.tests.push({ title, project: text(test.projectName), status, file: rel(spec.file), line: spec.line });
        if (status === 'skipped') summary.skipped++;
        else if (status === 'expected') summary.passed++;
        else if (status === 'flaky') {
          summary.flaky++;
          summary.findings.push({
            rule: 'playwright/flaky',
            severity: 'warning',
            message: `"${title}"${project(test)} failed, then passed on retry: make it deterministic.`,
            file: rel(spec.file),
            line: spec.line,
            column: spec.column,
          });
        } else {
          summary.failed++;
          const results = list<TestResult>(test.results);
          const last = results[results.length - 1];
          summary.findings.push(...failureFindings(title, test, last, spec, rel));
        }
      }
    }
    for (const child of list<ReportSuite>(suite.suites)) visit(child, here);
  };
  for (const suite of list<ReportSuite>(report.suites)) visit(suite, []);
  return summary;
}

const project = (test: ReportTest) => (text(test.projectName) ? ` (project ${test.projectName})` : '');

function failureFindings(
  title: string,
  test: ReportTest,
  result: TestResult | undefined,
  spec: ReportSpec,
  rel: (file: string) => string,
): Finding<PlaywrightRule>[] {
  const errors = list<TestError>(result?.errors);
  const error = errors[0] ?? list<TestError>([result?.error])[0];
  const at = locationOf(error?.location);
  const where = at
    ? { file: rel(at.file), line: at.line, column: at.column }
    : { file: rel(spec.file), line: spec.line, column: spec.column };
  const attachments = list<Attachment>(result?.attachments).filter((a) => typeof a.name === 'string');
  const pathOf = (a: Attachment | undefined) => (a && typeof a.path === 'string' && a.path !== '' ? a.path : undefined);
  const trace = pathOf(attachments.find((a) => a.name === 'trace' && pathOf(a)));
  const traceNote = trace ? ` Trace: ${rel(trace)} (npx playwright show-trace ${rel(trace)}).` : '';
  const message = (text(error?.message) ?? '').replace(ANSI, '');

  const violations = axeViolations(attachments);
  if (violations.length > 0) {
    return violations.map((v) => ({
      rule: 'playwright/a11y',
      severity: 'error' as const,
      message: `"${title}"${project(test)}: accessibility violation ${v.id ?? '?'} (${v.impact ?? 'unknown impact'}): ${v.help ?? ''} at ${(
        v.nodes ?? []
      )
        .map((n) => (n.target ?? []).join(' '))
        .slice(0, 3)
        .join(', ')}${v.helpUrl ? ` — ${v.helpUrl}` : ''}.${traceNote}`,
      ...where,
    }));
  }
  if (/A snapshot doesn't exist/.test(message)) {
    const written = attachments.find((a) => a.name.endsWith('-expected.png') && pathOf(a));
    return [
      {
        rule: 'playwright/screenshot-missing',
        severity: 'error',
        message: `"${title}"${project(test)} has no baseline screenshot yet; Playwright wrote one${written?.path ? ` at ${rel(written.path)}` : ''}: look at it, commit it, and run again (nothing was compared).`,
        ...where,
      },
    ];
  }
  if (
    /Screenshot comparison failed|toHaveScreenshot|toMatchSnapshot/.test(message) ||
    attachments.some((a) => a.name.endsWith('-diff.png'))
  ) {
    const diff = attachments.find((a) => a.name.endsWith('-diff.png') && pathOf(a));
    return [
      {
        rule: 'playwright/screenshot-mismatch',
        severity: 'error',
        message: `"${title}"${project(test)}: the screenshot differs from its baseline (${firstLines(message, 1)})${diff?.path ? `; diff: ${rel(diff.path)}` : ''}. If the change is intended, update the baseline with --update-snapshots and commit it.${traceNote}`,
        ...where,
      },
    ];
  }
  return [
    {
      rule: 'playwright/test-failed',
      severity: 'error',
      message: `"${title}"${project(test)} ${result?.status === 'timedOut' ? 'timed out' : 'failed'}: ${firstLines(message)}.${traceNote}`,
      ...where,
    },
  ];
}

function axeViolations(attachments: Attachment[]): AxeViolation[] {
  const attachment = attachments.find((a) => a.name === 'axe-violations' && typeof a.body === 'string');
  if (typeof attachment?.body !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(attachment.body, 'base64').toString('utf8'));
    return list<Record<string, unknown>>(parsed).map((v) => ({
      id: text(v.id),
      impact: text(v.impact),
      help: text(v.help),
      helpUrl: text(v.helpUrl),
      nodes: list<{ target?: unknown }>(v.nodes).map((n) => ({ target: Array.isArray(n.target) ? n.target.map(String) : [] })),
    }));
  } catch {
    return [];
  }
}
