import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Finding } from '../contract';
import { ModuleAnalysis } from './endpoints';
import { PythonFile } from './files';
import { Interpreter, runPython } from './interpreter';
import { HEALTH_HELPER } from './python-scripts';
import { interpreterFinding } from './syntax';
import type { LintEndpointsRule } from './rule-catalogue';

export const HEALTH_PATH = '/health';

/** Where the app lives and how `uvicorn <module>:<attr>` would import it. */
export interface AppLocation {
  file: PythonFile;
  attr: string;
  /** `attr` is a function returning the app (uvicorn --factory). */
  factory: boolean;
  line: number;
  column: number;
  /** Folder put first on sys.path and used as the working directory. */
  root: string;
  module: string;
}

export interface HealthOutcome {
  findings: Finding<LintEndpointsRule>[];
  metadata: Record<string, unknown>;
  version?: string;
  executable?: string;
}

/**
 * The app module is a file that creates `FastAPI(...)`; `main.py` wins, then a module-level app
 * over a factory, then path order. Returns undefined when no checked file creates an app.
 */
export function locateApp(files: PythonFile[], analyses: Map<string, ModuleAnalysis>): AppLocation | undefined {
  let best: { file: PythonFile; score: number; attr: string; factory: boolean; line: number; column: number } | undefined;
  for (const file of files) {
    const analysis = analyses.get(file.absolute);
    for (const app of analysis?.apps ?? []) {
      if (app.kind !== 'FastAPI') continue;
      const importable = app.moduleLevel
        ? { attr: app.name, factory: false }
        : app.factory
          ? { attr: app.factory, factory: true }
          : undefined;
      if (!importable) continue;
      const score = (path.basename(file.absolute) === 'main.py' ? 2 : 0) + (app.moduleLevel ? 1 : 0);
      if (!best || score > best.score) best = { file, score, ...importable, line: app.line, column: app.column };
    }
  }
  if (!best) return undefined;
  return {
    file: best.file,
    attr: best.attr,
    factory: best.factory,
    line: best.line,
    column: best.column,
    ...importRoot(best.file.absolute, files, analyses),
  };
}

/**
 * Mirrors running uvicorn from the folder that holds the package: a folder with __init__.py (or
 * whose modules import it as a package: relative imports, or `from <folder>.x import y`) is
 * imported as `<package>.<module>` from its parent; otherwise the app folder itself is the root.
 */
function importRoot(appFile: string, files: PythonFile[], analyses: Map<string, ModuleAnalysis>): { root: string; module: string } {
  const appDir = path.dirname(appFile);
  const stem = path.basename(appFile, '.py');
  const moduleParts = stem === '__init__' ? [] : [stem];
  let top = appDir;
  if (existsSync(path.join(appDir, '__init__.py'))) {
    while (existsSync(path.join(path.dirname(top), '__init__.py')) && path.dirname(top) !== top) top = path.dirname(top);
  } else {
    const folderName = path.basename(appDir);
    const importedAsPackage = files.some((f) => {
      if (!f.absolute.startsWith(appDir + path.sep)) return false;
      const analysis = analyses.get(f.absolute);
      return !!analysis && (analysis.relativeImports || analysis.importedTopLevel.includes(folderName));
    });
    if (!importedAsPackage) return { root: appDir, module: moduleParts.join('.') || stem };
  }
  const root = path.dirname(top);
  const packageParts = path.relative(root, appDir).split(path.sep).filter(Boolean);
  return { root, module: [...packageParts, ...moduleParts].join('.') };
}

interface HelperOutput {
  ok: boolean;
  status?: number;
  body?: string;
  runner?: string;
  version?: string;
  executable?: string;
  error?: { stage: 'import' | 'request'; type: string; last: string; module?: string; where?: { file: string; line: number } | null };
}

const MARK = '@@plan-health@@';

function excerpt(text: string, limit = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

/**
 * Starts the app with the interpreter (Starlette's TestClient, else uvicorn on a loopback port),
 * requests GET /health and expects 200. The process group is killed after `timeoutSeconds`.
 */
export async function checkHealth(
  app: AppLocation,
  interpreter: Interpreter,
  timeoutSeconds: number,
  nameOf: (absolute: string) => string,
  healthEndpoint: { file: string; line: number; column: number } | undefined,
  runner: 'auto' | 'testclient' | 'uvicorn' = 'auto',
): Promise<HealthOutcome> {
  const started = Date.now();
  const target = `${app.module}:${app.attr}${app.factory ? ' (factory)' : ''}`;
  const metadata: Record<string, unknown> = { app: target, root: app.root, path: HEALTH_PATH };
  const at = { file: app.file.display, line: app.line, column: app.column };
  const run = await runPython(interpreter, {
    args: ['-c', HEALTH_HELPER],
    stdin: JSON.stringify({
      root: app.root,
      module: app.module,
      attr: app.attr,
      factory: app.factory,
      path: HEALTH_PATH,
      timeout: timeoutSeconds,
      runner,
    }),
    cwd: app.root,
    timeoutMs: timeoutSeconds * 1000,
  });
  metadata.durationMs = Date.now() - started;
  const done = (findings: Finding<LintEndpointsRule>[], output?: HelperOutput): HealthOutcome => ({
    findings,
    metadata,
    version: output?.version,
    executable: output?.executable,
  });
  if (run.spawnError) return done([interpreterFinding(interpreter, app.file.display, run.spawnError)]);
  if (run.timedOut) {
    metadata.status = 'timeout';
    return done([
      {
        rule: 'health/timeout',
        severity: 'error',
        ...at,
        message: `The app ${target} did not answer GET ${HEALTH_PATH} within ${timeoutSeconds}s and was stopped; make start-up faster (no blocking work at import) or raise the healthTimeout option.`,
      },
    ]);
  }
  const markLine = run.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(MARK));
  let output: HelperOutput | undefined;
  try {
    output = markLine ? (JSON.parse(markLine.slice(MARK.length)) as HelperOutput) : undefined;
  } catch {
    output = undefined;
  }
  if (!output) {
    const tail = excerpt(run.stderr.trim().split('\n').slice(-3).join(' '), 300);
    metadata.status = 'crashed';
    return done([
      {
        rule: 'health/crashed',
        severity: 'error',
        ...at,
        message: `Python exited (${run.signal ?? `code ${run.code}`}) before the app answered${tail ? `: ${tail}` : ''}; run \`uvicorn ${app.module}:${app.attr}\` from ${app.root} to see why.`,
      },
    ]);
  }
  metadata.runner = output.runner;
  if (output.error) {
    const error = output.error;
    metadata.status = error.stage === 'import' ? 'import-error' : 'request-error';
    metadata.error = error.last;
    const where = error.where ? { file: nameOf(error.where.file), line: error.where.line, column: 1 } : at;
    const pointer = error.where ? ` (${nameOf(error.where.file)}:${error.where.line})` : '';
    if (error.type === 'ModuleNotFoundError' && error.module) {
      metadata.missingModule = error.module;
      return done(
        [
          {
            rule: 'health/missing-module',
            severity: 'error',
            ...where,
            message: `The app cannot start: Python module "${error.module}" is not installed for ${output.executable || interpreter.command} (Python ${output.version ?? '?'})${pointer}. Install the project's requirements into that interpreter (pip install -r requirements.txt), on Debian apt install python3-fastapi python3-uvicorn python3-httpx, or point the python option at the project's venv.`,
          },
        ],
        output,
      );
    }
    if (error.stage === 'import') {
      return done(
        [
          {
            rule: 'health/import-error',
            severity: 'error',
            ...where,
            message: `Importing ${target} failed: ${error.last}${pointer}; fix it so \`uvicorn ${app.module}:${app.attr}\` can start from ${app.root}.`,
          },
        ],
        output,
      );
    }
    return done(
      [
        {
          rule: 'health/request-error',
          severity: 'error',
          ...where,
          message: `GET ${HEALTH_PATH} raised ${error.last}${pointer}; fix the handler (or start-up event) so it returns 200.`,
        },
      ],
      output,
    );
  }
  metadata.status = output.status;
  if (output.status === 200) return done([], output);
  const body = excerpt(output.body ?? '');
  const hint =
    output.status === 404
      ? `add a route: @app.get("${HEALTH_PATH}") def health() -> dict: return {"status": "ok"}`
      : 'make the handler return 200 when the service is healthy';
  return done(
    [
      {
        rule: 'health/status',
        severity: 'error',
        ...(healthEndpoint ?? at),
        message: `GET ${HEALTH_PATH} returned ${output.status}${body ? ` (body: ${body})` : ''}, expected 200: ${hint}.`,
      },
    ],
    output,
  );
}
