import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { confinedEnv, runConfined } from '../process/confined';
import { rules, TypecheckRule } from './rule-catalogue';

interface TypecheckOptions {
  timeout?: number;
}

/** `src/a.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.` */
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$/;

/**
 * A TypeScript project compiles without errors: the project's own `tsc -p <tsconfig> --noEmit`
 * (its installed version decides, as in its editor and CI), each diagnostic a finding at its
 * file:line:col with its TS code as the rule. Diagnostics without a file (bad options) are
 * findings on the tsconfig.
 */
export const check: CheckDefinition<TypecheckOptions, TypecheckRule> = {
  name: 'typecheck',
  rules,
  summary: "A TypeScript project compiles (the project's own tsc --noEmit); each diagnostic at file:line:col",
  pathsDescription: 'tsconfig.json files (one project each)',
  options: [{ name: 'timeout', type: 'number', description: 'Seconds before tsc is stopped', default: 300 }],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('typecheck needs at least one tsconfig.json.');
    const timeout = options.timeout ?? 300;
    const findings: Finding<TypecheckRule>[] = [];
    const projects: Record<string, unknown>[] = [];
    for (const given of paths) {
      const started = Date.now();
      const outcome = await compile(given, context.cwd, timeout);
      findings.push(...outcome.findings);
      projects.push({ project: given, errors: outcome.findings.length, durationMs: Date.now() - started });
    }
    return resultOf('typecheck', findings, { projects });
  },
};

async function compile(given: string, cwd: string, timeout: number): Promise<{ findings: Finding<TypecheckRule>[] }> {
  const project = path.resolve(cwd, given);
  const one = (rule: TypecheckRule, message: string) => ({ findings: [{ rule, severity: 'error' as const, message, file: given }] });
  if (!existsSync(project))
    return one('typecheck/project-missing', `No TypeScript project at ${given}: create the tsconfig or fix the path.`);
  const tsc = projectTsc(path.dirname(project));
  if (!tsc) return one('typecheck/not-installed', `TypeScript is not installed where ${given} can load it: npm install -D typescript.`);
  const outcome = await runConfined({
    command: process.execPath,
    args: [tsc, '-p', project, '--noEmit', '--pretty', 'false'],
    cwd,
    env: confinedEnv(),
    timeoutMs: timeout * 1000,
  });
  if (outcome.timedOut) return one('typecheck/timeout', `tsc did not finish within ${timeout}s.`);
  const findings: Finding<TypecheckRule>[] = [];
  let last: Finding<TypecheckRule> | undefined;
  for (const line of outcome.stdout.split('\n')) {
    const m = DIAGNOSTIC.exec(line.trimEnd());
    if (m) {
      const file = path.relative(cwd, path.resolve(cwd, m[1])) || m[1];
      last = {
        rule: m[5] as TypecheckRule,
        severity: m[4] === 'error' ? 'error' : m[4] === 'warning' ? 'warning' : 'info',
        message: m[6],
        file,
        line: Number(m[2]),
        column: Number(m[3]),
      };
      findings.push(last);
      continue;
    }
    const general = /^(error|warning) (TS\d+): (.*)$/.exec(line.trim());
    if (general) {
      last = {
        rule: general[2] as TypecheckRule,
        severity: general[1] === 'error' ? 'error' : 'warning',
        message: general[3],
        file: given,
      };
      findings.push(last);
    } else if (last && /^\s+\S/.test(line)) {
      // Continuation lines elaborate the diagnostic above (e.g. which property is missing).
      last.message += ` ${line.trim()}`;
    }
  }
  if (outcome.code !== 0 && !findings.some((f) => f.severity === 'error')) {
    const tail = outcome.output.trim().split('\n').slice(-5).join('\n');
    return one('typecheck/run-error', `tsc exited with ${outcome.code ?? outcome.signal}${tail ? `: ${tail}` : ''}`);
  }
  return { findings };
}

/** The project's own compiler (its version decides), else none: the plugin's copy is not the project's. */
function projectTsc(from: string): string | undefined {
  try {
    const pkg = require.resolve('typescript/package.json', { paths: [from] });
    const tsc = path.join(path.dirname(pkg), 'bin', 'tsc');
    return existsSync(tsc) ? tsc : undefined;
  } catch {
    return undefined;
  }
}
