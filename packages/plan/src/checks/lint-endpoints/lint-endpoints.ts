import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { analyseModule, ModuleAnalysis } from './endpoints';
import { collectPythonFiles, displayNameOf, PythonFile } from './files';
import { checkHealth, HEALTH_PATH, locateApp } from './health';
import { HEALTH_MODULES, Resolution, resolveInterpreter } from './interpreter';
import { checkSyntax, noInterpreterFinding } from './syntax';
import { withPythonTree } from './tree-sitter';
import { LintEndpointsRule, rules } from './rule-catalogue';

export interface LintEndpointsOptions {
  python?: string;
  noSyntax?: boolean;
  health?: boolean;
  healthTimeout?: number;
}

function validateOptions(options: LintEndpointsOptions): { python?: string; noSyntax: boolean; health: boolean; healthTimeout: number } {
  if (options.python !== undefined && (typeof options.python !== 'string' || options.python.trim() === '')) {
    throw new CheckUsageError('lint-endpoints: --python must be the path or name of a Python 3 interpreter.');
  }
  const healthTimeout = options.healthTimeout === undefined ? 30 : Number(options.healthTimeout);
  if (!Number.isFinite(healthTimeout) || healthTimeout <= 0) {
    throw new CheckUsageError(
      `lint-endpoints: --health-timeout must be a positive number of seconds (got ${String(options.healthTimeout)}).`,
    );
  }
  return { python: options.python, noSyntax: options.noSyntax === true, health: options.health === true, healthTimeout };
}

/** Conventional names whose type is obvious, for a precise suggestion. */
const KNOWN_PARAMETER_TYPES = new Map([
  ['websocket', 'WebSocket'],
  ['request', 'Request'],
  ['response', 'Response'],
  ['background_tasks', 'BackgroundTasks'],
]);

function annotationFindings(file: PythonFile, analysis: ModuleAnalysis): Finding<LintEndpointsRule>[] {
  return analysis.problems.map((problem) => {
    const { line, column, endLine, endColumn } = problem;
    if (problem.kind === 'parameter') {
      const name = problem.parameter ?? '';
      const known = KNOWN_PARAMETER_TYPES.get(name);
      const example = problem.defaultText
        ? `\`${name}: SomeType = ${problem.defaultText}\``
        : known
          ? `\`${name}: ${known}\``
          : `\`${name}: int\`, \`${name}: Item\``;
      return {
        rule: 'endpoints/missing-parameter-annotation',
        severity: 'error',
        message: `Parameter "${name}" of endpoint ${problem.function}() has no type annotation: annotate it (e.g. ${example}) so FastAPI validates and documents it.`,
        file: file.display,
        line,
        column,
        endLine,
        endColumn,
      };
    }
    return {
      rule: 'endpoints/missing-return-annotation',
      severity: 'error',
      message: `Endpoint ${problem.function}() has no return annotation: add \`-> ResponseModel\` (or pass response_model= to the route decorator) so the response is typed and documented.`,
      file: file.display,
      line,
      column,
      endLine,
      endColumn,
    };
  });
}

/**
 * lint-endpoints: "syntax is valid; all endpoints have type annotations; health returns 200".
 * Syntax is CPython's compile() (tree-sitter accepts much invalid Python), endpoints come from
 * tree-sitter, and the optional health probe really starts the app.
 */
export const check: CheckDefinition<LintEndpointsOptions, LintEndpointsRule> = {
  name: 'lint-endpoints',
  rules,
  summary: 'Python compiles (CPython), every FastAPI endpoint is fully type-annotated, optionally GET /health returns 200',
  pathsDescription: 'Python files or folders (every .py below, venvs and caches skipped)',
  options: [
    {
      name: 'python',
      type: 'string',
      description:
        'Python interpreter: a name on PATH, or a path (relative to the plan folder, inside the workspace). Default: the first that fits of .venv/ or venv/ between the paths and the workspace root, python3 on PATH, /usr/bin/python3',
    },
    { name: 'noSyntax', type: 'boolean', description: 'Skip the CPython compile() syntax check', default: false },
    {
      name: 'health',
      type: 'boolean',
      description: `Start the app with the interpreter and expect GET ${HEALTH_PATH} to return 200`,
      default: false,
    },
    {
      name: 'healthTimeout',
      type: 'number',
      description: 'Seconds allowed for the app to start and answer before it is stopped',
      default: 30,
    },
  ],
  async run(paths, rawOptions, context) {
    if (paths.length === 0) throw new CheckUsageError('lint-endpoints needs at least one Python file or folder.');
    const options = validateOptions(rawOptions ?? {});
    const findings: Finding<LintEndpointsRule>[] = [];
    const { files, missing } = await collectPythonFiles(paths, context.cwd);
    for (const given of missing) {
      findings.push({
        rule: 'endpoints/not-found',
        severity: 'error',
        message: 'Path does not exist: create it or fix the path given to lint-endpoints.',
        file: given,
      });
    }
    const anchor = paths[0];
    const request = { option: options.python, paths: paths.map((p) => path.resolve(context.cwd, p)), cwd: context.cwd };
    // One interpreter for both layers: the one the health probe needs, when health is asked for.
    const needs = options.health ? HEALTH_MODULES : [];
    const usesPython = options.health || (!options.noSyntax && files.length > 0);
    const resolution: Resolution = usesPython ? await resolveInterpreter({ ...request, needs }) : { tried: [] };
    // Compiling needs no module: without a fitting interpreter for the probe, any working one compiles.
    const syntaxResolution = resolution.interpreter || needs.length === 0 ? resolution : await resolveInterpreter(request);
    const interpreter = syntaxResolution.interpreter;
    const metadata: Record<string, unknown> = {
      filesChecked: files.length,
      interpreter: interpreter?.executable ?? interpreter?.command ?? null,
      interpreterVersion: interpreter?.version ?? null,
      interpreterSource: interpreter?.source ?? null,
      interpreterTried: resolution.tried,
    };

    // Endpoint layer (tree-sitter): every file, one reused parser.
    const analyses = new Map<string, ModuleAnalysis>();
    for (const file of files) {
      let source: string;
      try {
        // A UTF-8 BOM is not part of the code (editors do not count it in columns).
        source = (await fs.readFile(file.absolute)).toString('utf8').replace(/^\uFEFF/, '');
      } catch (error) {
        findings.push({
          rule: 'endpoints/unreadable',
          severity: 'error',
          message: `Cannot read the file (${(error as Error).message}): fix its permissions.`,
          file: file.display,
        });
        continue;
      }
      const analysis = await withPythonTree(source, analyseModule);
      analyses.set(file.absolute, analysis);
      findings.push(...annotationFindings(file, analysis));
    }
    const endpoints = files.flatMap((file) =>
      (analyses.get(file.absolute)?.endpoints ?? []).map((e) => ({
        methods: e.methods,
        path: e.path,
        function: e.function,
        file: file.display,
        line: e.line,
        column: e.column,
      })),
    );
    metadata.endpoints = endpoints;
    if (files.length > 0 && endpoints.length === 0) {
      findings.push({
        rule: 'endpoints/none-found',
        severity: 'warning',
        message:
          'No FastAPI path operation found (functions decorated with @app.get/.post/... on an object assigned from FastAPI() or APIRouter()): check the paths given.',
        file: anchor,
      });
    }

    // Syntax layer (CPython): one process for all files.
    let invalid = new Set<string>();
    let interpreterUnusable = false;
    if (!options.noSyntax && files.length > 0) {
      if (!interpreter) {
        findings.push(noInterpreterFinding(syntaxResolution.tried, [], { file: anchor }));
        interpreterUnusable = true;
      } else {
        const syntax = await checkSyntax(files, interpreter, context.cwd, anchor);
        findings.push(...syntax.findings);
        invalid = syntax.invalid;
        interpreterUnusable = syntax.unusable;
      }
    }
    metadata.syntaxChecked = !options.noSyntax;

    // Health layer: really start the app.
    if (options.health) {
      const app = locateApp(files, analyses);
      if (!app) {
        metadata.health = { status: 'no-app' };
        findings.push({
          rule: 'health/no-app',
          severity: 'error',
          message: `No checked module creates the app (\`app = FastAPI(...)\`), so GET ${HEALTH_PATH} cannot be probed: include the app module (e.g. main.py) in the paths.`,
          file: anchor,
        });
      } else if (!resolution.interpreter && !interpreterUnusable) {
        metadata.health = { status: 'no-interpreter' };
        findings.push(noInterpreterFinding(resolution.tried, needs, { file: app.file.display, line: app.line, column: app.column }));
      } else if (!resolution.interpreter || interpreterUnusable || invalid.size > 0) {
        // Without an interpreter there is nothing to start; with syntax errors the import would only repeat them.
        const reason = interpreterUnusable ? 'the Python interpreter cannot run' : 'the code has syntax errors';
        metadata.health = { status: 'skipped', reason };
        findings.push({
          rule: 'health/skipped',
          severity: 'info',
          message: `GET ${HEALTH_PATH} was not probed because ${reason}: fix the errors above first.`,
          file: app.file.display,
          line: app.line,
          column: app.column,
        });
      } else {
        const nameOf = (absolute: string) => displayNameOf(absolute, files, paths, context.cwd);
        const healthRoute = endpoints.find((e) => e.path === HEALTH_PATH && e.methods.includes('GET'));
        context.log?.(`lint-endpoints: starting ${app.module}:${app.attr} to probe GET ${HEALTH_PATH}`);
        const health = await checkHealth(app, resolution.interpreter, options.healthTimeout, nameOf, healthRoute);
        findings.push(...health.findings);
        metadata.health = health.metadata;
      }
    }
    return resultOf('lint-endpoints', findings, metadata);
  },
};
