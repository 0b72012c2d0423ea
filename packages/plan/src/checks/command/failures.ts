import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * What a failed command's output says went wrong, with a position when the output names one, so a
 * finding can point at the cause instead of the output's last lines (a test runner's summary):
 * - TypeScript diagnostics in tsc's plain form: `file(line,col): error TSnnnn: text`;
 * - node:test's TAP report: `not ok N - name` and its YAML block (`location`, `error`); parent tests
 *   that failed only because a subtest did are skipped, the subtest is the cause.
 * Anything else yields nothing (the caller falls back to the output's tail). Never throws.
 */
export interface Failure {
  /** As the output wrote it, resolved against the command's folder. */
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

const TS_DIAGNOSTIC = /^(\S[^()]*?)\((\d+),(\d+)\): error (TS\d+): (.+)$/;
const TAP_NOT_OK = /^(\s*)not ok \d+(?: - (.*?))?(?: # (?:SKIP|TODO)\b.*)?$/i;
const LOCATION = /^(.+?):(\d+):(\d+)$/;
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** Controls and bidi overrides a terminal would act on: shown as \u escapes in messages. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const MAX_MESSAGE = 500;

export function failuresIn(output: string, cwd: string, limit = 10): Failure[] {
  const lines = output.replace(ANSI, '').split(/\r?\n/);
  const found = [...typescriptDiagnostics(lines, cwd), ...tapFailures(lines, cwd)];
  return found.slice(0, limit);
}

function typescriptDiagnostics(lines: string[], cwd: string): Failure[] {
  const failures: Failure[] = [];
  for (const line of lines) {
    const m = TS_DIAGNOSTIC.exec(line.trim());
    if (!m) continue;
    const [, file, row, col, code, text] = m;
    failures.push({
      file: path.resolve(cwd, file),
      ...position(row, col),
      message: printable(`${file}(${row},${col}): error ${code}: ${text}`),
    });
  }
  return failures;
}

function tapFailures(lines: string[], cwd: string): Failure[] {
  const failures: Failure[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = TAP_NOT_OK.exec(lines[i]);
    if (!m || /# (SKIP|TODO)\b/i.test(lines[i])) continue;
    const indent = m[1].length;
    const name = (m[2] ?? '').trim();
    const block = yamlBlock(lines, i + 1, indent);
    if (block?.failureType === 'subtestsFailed') continue;
    const error = typeof block?.error === 'string' ? firstLines(block.error) : '';
    const where = typeof block?.location === 'string' ? LOCATION.exec(block.location) : null;
    const at = where ? (frameIn(block?.stack, where[1]) ?? position(where[2], where[3])) : undefined;
    failures.push({
      ...(where ? { file: path.resolve(cwd, where[1].replace(/^file:\/\//, '')), ...at } : {}),
      message: printable([name || 'a test', error].filter(Boolean).join(': ')),
    });
  }
  return failures;
}

/** The YAML diagnostics block after a `not ok` line (`---` … `...`, indented two more), parsed; undefined when absent or unreadable. */
function yamlBlock(lines: string[], start: number, indent: number): Record<string, unknown> | undefined {
  const open = ' '.repeat(indent + 2);
  if (lines[start] !== `${open}---`) return undefined;
  const body: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i] === `${open}...`) {
      try {
        const parsed: unknown = parse(body.join('\n'), { uniqueKeys: false, maxAliasCount: 10, logLevel: 'silent' });
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        return undefined;
      }
    }
    body.push(lines[i].startsWith(open) ? lines[i].slice(open.length) : lines[i]);
  }
  return undefined;
}

/** The error's message without the diff or stack that follows it (up to a blank line or assert's diff, at most three lines). */
function firstLines(error: string): string {
  const head = error
    .trim()
    .split(/\n\s*\n/)[0]
    .split('\n');
  const diff = head.findIndex((l) => /^(\+ actual - expected|at )/.test(l.trim()));
  return (diff === -1 ? head : head.slice(0, diff)).slice(0, 3).join(' ').replace(/\s+/g, ' ');
}

/** The first stack frame in the test's own file: where the assertion failed (TAP's location is where the test starts). */
function frameIn(stack: unknown, file: string): { line: number; column?: number } | undefined {
  if (typeof stack !== 'string') return undefined;
  for (const frame of stack.split('\n')) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
    if (m && m[1].replace(/^file:\/\//, '') === file.replace(/^file:\/\//, '')) return position(m[2], m[3]);
  }
  return undefined;
}

/** A 1-based line and column as the output wrote them; nothing when the line is not a usable number. */
function position(row: string, col: string): { line: number; column?: number } | undefined {
  const line = Number(row);
  const column = Number(col);
  if (!Number.isSafeInteger(line) || line < 1) return undefined;
  return Number.isSafeInteger(column) && column >= 1 ? { line, column } : { line };
}

function printable(text: string): string {
  const shown = text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > MAX_MESSAGE ? `${shown.slice(0, MAX_MESSAGE)}…` : shown;
}
