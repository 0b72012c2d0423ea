import { Finding } from '../contract';
import { PythonFile } from './files';
import { describeTried, Interpreter, ModuleNeed, PYTHON_FIX, RejectedInterpreter, runPython } from './interpreter';
import { COMPILE_HELPER } from './python-scripts';
import type { LintEndpointsRule } from './rule-catalogue';

/** The outcome of the CPython layer over every file. */
export interface SyntaxOutcome {
  findings: Finding<LintEndpointsRule>[];
  /** Absolute paths that CPython could not compile. */
  invalid: Set<string>;
  /** `sys.version` of the interpreter, when it ran. */
  version?: string;
  executable?: string;
  /** The interpreter could not be used at all (the findings say why). */
  unusable: boolean;
}

interface HelperError {
  msg: string;
  type: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
}

interface HelperResult {
  i: number;
  ok: boolean;
  error?: HelperError;
  warnings?: Array<{ msg: string; category: string; line: number | null }>;
}

/** Findings for an interpreter that passed the probe but then failed to run the compile helper. */
export function interpreterFinding(interpreter: Interpreter, anchor: string, detail: string): Finding<LintEndpointsRule> {
  const how =
    interpreter.source === 'option'
      ? 'fix the `python` option (path to a Python 3 interpreter, e.g. .venv/bin/python)'
      : 'repair or remove it (python3 -m venv .venv recreates a venv), or pass the `python` option';
  return {
    rule: 'python/interpreter-not-found',
    severity: 'error',
    message: `Cannot run the Python interpreter "${interpreter.command}" (${detail}): ${how}.`,
    file: anchor,
  };
}

/** No candidate fits: every one tried, why each was rejected, and how to get one that fits. */
export function noInterpreterFinding(
  tried: RejectedInterpreter[],
  needs: ModuleNeed[],
  at: Pick<Finding, 'file' | 'line' | 'column'>,
): Finding<LintEndpointsRule> {
  const what = needs.length
    ? `a Python 3 that can import ${needs.map((n) => (Array.isArray(n) ? n.join(' or ') : n)).join(', ')}`
    : 'a working Python 3';
  const fromOption = tried.length === 1 && tried[0].source === 'option';
  const fix = fromOption
    ? `fix the check's \`python\` option, or remove it to let plan look for .venv/, python3 and /usr/bin/python3`
    : `${needs.length ? PYTHON_FIX : 'install Python 3 (python3 on PATH) or create a venv beside the plan (python3 -m venv .venv)'}, or set the check's \`python\` option`;
  return {
    rule: 'python/interpreter-not-found',
    severity: 'error',
    ...at,
    message: `No interpreter found for this check (it needs ${what}). Tried: ${describeTried(tried) || 'nothing'}. Fix: ${fix}.`,
  };
}

function syntaxFinding(file: PythonFile, error: HelperError, version: string | undefined): Finding<LintEndpointsRule> {
  const finding: Finding<LintEndpointsRule> = {
    rule: 'python/syntax-error',
    severity: 'error',
    message: `${error.type}: ${error.msg} — CPython${version ? ` ${version}` : ''} cannot compile this file; fix the code at this position.`,
    file: file.display,
  };
  if (error.line) {
    finding.line = error.line;
    finding.column = error.column && error.column > 0 ? error.column : 1;
    if (error.endLine && error.endColumn && error.endLine >= error.line) {
      finding.endLine = error.endLine;
      finding.endColumn = error.endColumn;
    }
  }
  return finding;
}

function parseLines(stdout: string): { header?: { version: string; executable: string }; results: Map<number, HelperResult> } {
  const results = new Map<number, HelperResult>();
  let header: { version: string; executable: string } | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue; // a line cut short by a crash
    }
    const record = parsed as Partial<HelperResult> & { version?: string; executable?: string };
    if (typeof record.version === 'string') header = { version: record.version, executable: String(record.executable ?? '') };
    else if (typeof record.i === 'number') results.set(record.i, record as HelperResult);
  }
  return { header, results };
}

/**
 * Compiles every file with CPython in one process. If the interpreter dies mid-way (a crash or
 * the time limit), the file it was on gets the blame and a new process takes the rest.
 */
export async function checkSyntax(files: PythonFile[], interpreter: Interpreter, cwd: string, anchor: string): Promise<SyntaxOutcome> {
  const outcome: SyntaxOutcome = { findings: [], invalid: new Set(), unusable: false };
  let remaining = files;
  while (remaining.length > 0) {
    const batch = remaining;
    const run = await runPython(interpreter, {
      // -I -S: no user site or cwd on sys.path, no site import: compile() needs none of them.
      args: ['-I', '-S', '-c', COMPILE_HELPER],
      stdin: JSON.stringify(batch.map((f) => f.absolute)),
      cwd,
      timeoutMs: 60_000 + 200 * batch.length,
    });
    if (run.spawnError) {
      outcome.findings.push(interpreterFinding(interpreter, anchor, run.spawnError));
      outcome.unusable = true;
      return outcome;
    }
    const { header, results } = parseLines(run.stdout);
    if (!header) {
      const tail = run.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300);
      const detail = run.timedOut ? 'it did not answer in time' : `exit ${run.code ?? run.signal}${tail ? `: ${tail}` : ''}`;
      outcome.findings.push(interpreterFinding(interpreter, anchor, detail));
      outcome.unusable = true;
      return outcome;
    }
    outcome.version = header.version;
    outcome.executable = header.executable;
    let firstMissing = batch.length;
    for (let i = 0; i < batch.length; i++) {
      const result = results.get(i);
      if (!result) {
        firstMissing = i;
        break;
      }
      const file = batch[i];
      if (!result.ok && result.error) {
        outcome.invalid.add(file.absolute);
        outcome.findings.push(syntaxFinding(file, result.error, header.version));
      }
      for (const warning of result.warnings ?? []) {
        outcome.findings.push({
          rule: 'python/syntax-warning',
          severity: 'warning',
          message: `${warning.category}: ${warning.msg} — a future Python may reject this; fix it (e.g. use a raw string r"..." for backslashes).`,
          file: file.display,
          ...(warning.line ? { line: warning.line, column: 1 } : {}),
        });
      }
    }
    if (firstMissing === batch.length) break;
    const culprit = batch[firstMissing];
    outcome.invalid.add(culprit.absolute);
    outcome.findings.push({
      rule: 'python/syntax-error',
      severity: 'error',
      message: run.timedOut
        ? 'CPython did not finish compiling this file in time; simplify it (it may be huge or deeply nested).'
        : `CPython crashed while compiling this file (${run.signal ?? `exit ${run.code}`}); simplify the code (deep nesting can exhaust the parser).`,
      file: culprit.display,
    });
    remaining = batch.slice(firstMissing + 1);
  }
  return outcome;
}
