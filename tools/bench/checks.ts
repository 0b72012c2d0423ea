/**
 * Issue 4: what each registered check costs per file, cold and warm, as ratios to a baseline
 * measured in the same run.
 *
 *   node -r @swc-node/register tools/bench/checks.ts [--runs N] [--warm K] [--from src|dist] [--only a,b] [--no-pglite]
 *
 * Cold: a FRESH node process per sample (tools/bench/checks-child.js) loads the check the way the
 * CLI does (run-check → registry → the check module) and runs it once: cold = load + first run.
 * The same process then runs it K more times: warm = median of those. N fresh processes per
 * check; every figure is the median over them.
 *
 * Baseline (one for every check): the trivial check, files-exist, on the same input files,
 * through the same run-check machinery. Cold baseline = files-exist loaded and run once in its
 * own fresh process (so neither side pre-loads the other's modules); warm baseline = files-exist
 * in the warm check's process. Ratios are check / files-exist: what checking the content costs
 * over merely confirming the files are there. (`command` has no input file: its baseline is
 * files-exist on one file, per run.) For information, reading + parsing the same files
 * (JSON.parse / yaml.parse, read only for .py, .sql, Dockerfile, .zip; `command`: spawnSync of
 * the same command) is printed too, warm, in absolute ms.
 *
 * Modules come from packages/plan/dist (compiled JS, what users run) when it is newer than the
 * sources, else from packages/plan/src through @swc-node/register (then load includes the
 * transpilation). PGlite start with and without the data-dir snapshot comes from
 * tools/bench/pglite-start.ts, run as a child process (its output is reproduced).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeTried, HEALTH_MODULES, resolveInterpreterSync } from '../../packages/plan/src/checks/lint-endpoints/interpreter';
import { generateDdl } from '../../packages/plan/src/checks/validate-schema/ddl';
import { parseTableSpec } from '../../packages/plan/src/checks/validate-schema/table-spec';
import { buildContext } from '../../packages/plan/src/kinds/ml-app/context';
import { writeGlmMojo } from '../../packages/plan/src/testing/glm-mojo';
import { BenchCase, FileKind, put as write } from './cases';
import { contractFileCases } from './contract-file-cases';
import { dataPipelineCases } from './data-pipeline-cases';
import { infraCases } from './infra-cases';
import { distIsFresh, flag, fmtMs, fmtRatio, intArg, median, REPO_ROOT, round, stringArg, table, tempDir } from './lib';

interface ChildCheck {
  bootMs: number;
  loadMs: number;
  firstMs: number;
  warm: number[];
  filesExistWarm: number[];
  readParseWarm: number[];
  first: { ok: boolean; findings: string[]; engineStart?: { source: string; ms: number } };
  last: { ok: boolean; findings: string[] };
  error?: string;
}

const RUNS = intArg('runs', 5);
const WARM = intArg('warm', 20);

// ---------------------------------------------------------------------------------------------
// Inputs: one coherent churn domain (the ml-app starter domain), valid for every check.

/** The interpreter lint-endpoints would resolve for files under `root` (venv inside it, python3 on PATH, system). */
function python(root: string): string {
  const resolution = resolveInterpreterSync({ paths: [path.join(root, 'api')], cwd: root });
  if (!resolution.interpreter) throw new Error(`no Python interpreter for lint-endpoints: ${describeTried(resolution.tried)}`);
  return resolution.interpreter.command;
}

function makeInputs(root: string): BenchCase[] {
  const ctx = buildContext({ name: 'churn' });
  const numeric = ctx.features.filter((f) => f.kind === 'numeric');
  const categorical = ctx.features.filter((f) => f.kind === 'categorical');

  // Table spec + its DDL, generated the way the generator does.
  const specInput = {
    version: 1,
    dialect: 'postgresql',
    enums: [],
    tables: [
      {
        name: ctx.table,
        comment: 'One row per customer',
        columns: [
          { name: ctx.idColumn, type: 'text', nullable: false },
          ...ctx.features.map((f) => ({ name: f.name, type: f.sqlType, nullable: false })),
          { name: ctx.target.name, type: 'text', nullable: false },
          { name: 'created_at', type: 'timestamptz', nullable: false, default: 'now()' },
        ],
        primaryKey: [ctx.idColumn],
        indexes: [{ name: `${ctx.table}_created_at_idx`, columns: ['created_at'] }],
      },
    ],
  };
  const parsed = parseTableSpec(specInput);
  if (!parsed.spec) throw new Error(`bench table spec is invalid: ${parsed.issues.map((i) => i.message).join('; ')}`);
  write(root, ctx.paths.schemaJson, JSON.stringify(specInput, null, 2) + '\n');
  write(root, ctx.paths.schemaSql, generateDdl(parsed.spec));

  // A small FastAPI app: main + router + request model.
  write(root, 'api/__init__.py', '"""Churn API package."""\n');
  write(root, 'api/routers/__init__.py', '"""Routers."""\n');
  write(root, 'api/models/__init__.py', '"""Request and response models."""\n');
  write(
    root,
    'api/main.py',
    [
      'from typing import Dict',
      '',
      'from fastapi import FastAPI',
      '',
      'from api.routers import predictions',
      '',
      'app = FastAPI(title="Churn API")',
      'app.include_router(predictions.router)',
      '',
      '',
      '@app.get("/health")',
      'def health() -> Dict[str, str]:',
      '    return {"status": "ok"}',
      '',
    ].join('\n'),
  );
  write(
    root,
    'api/models/prediction.py',
    [
      'from typing import Literal',
      '',
      'from pydantic import BaseModel, Field',
      '',
      '',
      'class PredictionRequest(BaseModel):',
      ...numeric.map((f) => `    ${f.name}: ${f.pyType} = Field(..., ge=${f.min}, le=${f.max})`),
      ...categorical.map((f) => `    ${f.name}: Literal[${f.levels!.map((l) => JSON.stringify(l)).join(', ')}]`),
      '',
      '',
      'class PredictionResponse(BaseModel):',
      '    prediction: str',
      '    probability: float = Field(..., ge=0.0, le=1.0)',
      '',
    ].join('\n'),
  );
  write(
    root,
    'api/routers/predictions.py',
    [
      'from fastapi import APIRouter',
      '',
      'from api.models.prediction import PredictionRequest, PredictionResponse',
      '',
      'router = APIRouter()',
      '',
      '',
      '@router.post("/predict", response_model=PredictionResponse)',
      'def predict(body: PredictionRequest) -> PredictionResponse:',
      '    return PredictionResponse(prediction="no", probability=0.1)',
      '',
    ].join('\n'),
  );
  const apiFiles = [
    'api/__init__.py',
    'api/main.py',
    'api/routers/__init__.py',
    'api/routers/predictions.py',
    'api/models/__init__.py',
    'api/models/prediction.py',
  ];

  // A Mage project: loader → transformer → exporter.
  const pipe = ctx.paths.pipelineDir;
  const block = (decorator: string, fn: string, extra = '') =>
    [
      `if '${decorator}' not in globals():`,
      `    from mage_ai.data_preparation.decorators import ${decorator}`,
      extra,
      '',
      `@${decorator}`,
      `def ${fn}(data=None, *args, **kwargs):`,
      '    return data',
      '',
    ].join('\n');
  write(root, 'metadata.yaml', 'project_uuid: churn\n');
  write(root, 'io_config.yaml', 'version: 0.1.1\n');
  write(root, `${pipe}/__init__.py`, '"""Mage pipeline."""\n');
  const loader = write(root, `${pipe}/data_loaders/load_${ctx.table}.py`, block('data_loader', 'load_data'));
  const transformer = write(root, `${pipe}/transformers/clean_${ctx.table}.py`, block('transformer', 'transform'));
  const exporter = write(
    root,
    `${pipe}/data_exporters/export_${ctx.table}.py`,
    block('data_exporter', 'export_data', `TABLE_NAME = '${ctx.table}'`),
  );
  const blockYaml = (uuid: string, type: string, file: string, up: string[], down: string[]) =>
    [
      `- uuid: ${uuid}`,
      `  type: ${type}`,
      '  language: python',
      '  configuration:',
      `    file_path: ${file}`,
      `  upstream_blocks: [${up.join(', ')}]`,
      `  downstream_blocks: [${down.join(', ')}]`,
    ].join('\n');
  const metadata = write(
    root,
    `${pipe}/metadata.yaml`,
    [
      'blocks:',
      blockYaml(`load_${ctx.table}`, 'data_loader', loader, [], [`clean_${ctx.table}`]),
      blockYaml(`clean_${ctx.table}`, 'transformer', transformer, [`load_${ctx.table}`], [`export_${ctx.table}`]),
      blockYaml(`export_${ctx.table}`, 'data_exporter', exporter, [`clean_${ctx.table}`], []),
      `name: ${ctx.pipelineName}`,
      'type: python',
      `uuid: ${ctx.pipelineName}`,
      '',
    ].join('\n'),
  );

  // A hand-written GLM MOJO of the domain's features.
  writeGlmMojo(path.join(root, ctx.paths.model), {
    numericFeatures: numeric.map((f) => f.name),
    categoricalFeatures: categorical.map((f) => ({ name: f.name, levels: f.levels! })),
    response: ctx.target.name,
    responseDomain: [...ctx.target.levels],
  });

  // ml/config.yaml of the same domain.
  const list = (items: string[]) => `[${items.join(', ')}]`;
  write(
    root,
    ctx.paths.mlConfig,
    [
      'version: 1',
      'data:',
      `  table: ${ctx.table}`,
      `  train_path: ${ctx.paths.trainingData}`,
      `  target: ${ctx.target.name}`,
      `  features: ${list(ctx.features.map((f) => f.name))}`,
      `  categorical: ${list(categorical.map((f) => f.name))}`,
      `  ignored: ${list([ctx.idColumn])}`,
      '  problem_type: binary_classification',
      '  split: { train: 0.7, valid: 0.15, test: 0.15 }',
      '  seed: 42',
      'h2o: { nthreads: -1, max_mem_size: 4G }',
      'training:',
      '  algorithm: glm',
      '  params: { family: binomial, lambda_search: true }',
      'export:',
      `  mojo_path: ${ctx.paths.model}`,
      '  leaderboard_path: models/leaderboard.csv',
      '  metrics_path: models/metrics.json',
      'thresholds: { auc_min: 0.70 }',
      '',
    ].join('\n'),
  );

  // A multi-stage Dockerfile: non-root, HEALTHCHECK, pinned bases.
  write(
    root,
    'Dockerfile',
    [
      '# syntax=docker/dockerfile:1',
      'FROM python:3.11.9-slim AS build',
      'WORKDIR /build',
      'COPY api/requirements.txt .',
      'RUN pip install --no-cache-dir --prefix=/install -r requirements.txt',
      '',
      'FROM python:3.11.9-slim',
      'WORKDIR /app',
      'COPY --from=build /install /usr/local',
      'COPY api ./api',
      'COPY models ./models',
      'RUN useradd -r -u 10001 app',
      'USER app',
      'EXPOSE 8000',
      'HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"]',
      'CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]',
      '',
    ].join('\n'),
  );
  write(root, 'api/requirements.txt', 'fastapi==0.115.0\nuvicorn==0.30.6\n');

  const py = (files: string[]) => files.map((p) => ({ path: p, kind: 'text' as const }));
  const cases: BenchCase[] = [
    {
      label: 'files-exist',
      check: 'files-exist',
      paths: [...apiFiles, ctx.paths.schemaJson, ctx.paths.model],
      options: {},
      files: [...py(apiFiles), { path: ctx.paths.schemaJson, kind: 'json' }, { path: ctx.paths.model, kind: 'binary' }],
    },
    {
      label: 'command (true)',
      check: 'command',
      paths: [],
      options: { command: 'true' },
      files: [{ path: 'true', kind: 'spawn' }],
      baselinePaths: ['Dockerfile'],
    },
    {
      label: 'validate-schema (PGlite)',
      check: 'validate-schema',
      paths: [ctx.paths.schemaJson],
      options: { cacheDir: path.join(root, '.plan-cache') },
      files: [
        { path: ctx.paths.schemaJson, kind: 'json' },
        { path: ctx.paths.schemaSql, kind: 'text' },
      ],
    },
    {
      label: 'validate-schema skipEngine',
      check: 'validate-schema',
      paths: [ctx.paths.schemaJson],
      options: { cacheDir: path.join(root, '.plan-cache'), skipEngine: true },
      files: [
        { path: ctx.paths.schemaJson, kind: 'json' },
        { path: ctx.paths.schemaSql, kind: 'text' },
      ],
    },
    {
      label: 'lint-endpoints (no health)',
      check: 'lint-endpoints',
      paths: ['api'],
      options: { python: python(root) },
      files: py(apiFiles),
    },
    {
      label: 'validate-pipeline',
      check: 'validate-pipeline',
      paths: [pipe],
      options: {},
      files: [{ path: metadata, kind: 'yaml' }, ...py([loader, transformer, exporter])],
    },
    {
      label: 'validate-mojo',
      check: 'validate-mojo',
      paths: [ctx.paths.model],
      options: {},
      files: [{ path: ctx.paths.model, kind: 'binary' }],
    },
    {
      label: 'scan-dockerfile',
      check: 'scan-dockerfile',
      paths: ['Dockerfile'],
      options: {},
      files: [{ path: 'Dockerfile', kind: 'text' }],
    },
    {
      label: 'validate-ml-config',
      check: 'validate-ml-config',
      paths: [ctx.paths.mlConfig],
      options: { modelPath: ctx.paths.model, schema: ctx.paths.schemaJson },
      files: [
        { path: ctx.paths.mlConfig, kind: 'yaml' },
        { path: ctx.paths.schemaJson, kind: 'json' },
      ],
    },
    {
      label: 'ml-contracts',
      check: 'ml-contracts',
      paths: [],
      options: {
        config: ctx.paths.mlConfig,
        schema: ctx.paths.schemaJson,
        mojo: ctx.paths.model,
        requestModel: 'api/models/prediction.py:PredictionRequest',
        exporter,
      },
      files: [
        { path: ctx.paths.mlConfig, kind: 'yaml' },
        { path: ctx.paths.schemaJson, kind: 'json' },
        { path: ctx.paths.model, kind: 'binary' },
        { path: 'api/models/prediction.py', kind: 'text' },
        { path: exporter, kind: 'text' },
      ],
    },
  ];
  cases.push(...contractCases(root));
  cases.push(...contractFileCases(root));
  cases.push(...infraCases(root));
  cases.push(...dataPipelineCases(root));
  // The interpreter the check itself would pick here (resolved once, so runs do not pay the probe).
  const health = resolveInterpreterSync({ paths: [path.join(root, 'api')], cwd: root, needs: HEALTH_MODULES });
  if (health.interpreter) {
    cases.push({
      label: 'lint-endpoints + health',
      check: 'lint-endpoints',
      paths: ['api'],
      options: { python: health.interpreter.command, health: true },
      files: py(apiFiles),
      warm: 3,
    });
  } else {
    console.log(`(lint-endpoints health probe skipped: no interpreter with FastAPI: ${describeTried(health.tried)})`);
  }
  return cases;
}

/**
 * The API contract checks: the Items contract of contract-test's test servers (OpenAPI 3.0, one
 * file), an AsyncAPI 3.0 document with a second file it references, and contract-test against the
 * Node test server (start, 4 operations, stop; its own loopback port per run).
 */
function contractCases(root: string): BenchCase[] {
  const servers = path.join(REPO_ROOT, 'packages/plan/src/checks/contract-test/test-servers');
  write(root, 'api/openapi.yaml', readFileSync(path.join(servers, 'items.openapi.yaml')));
  write(root, 'api/items-server.js', readFileSync(path.join(servers, 'items-server.js')));
  write(
    root,
    'events/asyncapi.yaml',
    [
      'asyncapi: 3.0.0',
      'info: { title: Churn events, version: 1.0.0 }',
      'channels:',
      '  predictions:',
      '    address: churn/predictions',
      '    messages:',
      "      made: { $ref: '#/components/messages/PredictionMade' }",
      'operations:',
      '  publishPrediction:',
      '    action: send',
      "    channel: { $ref: '#/channels/predictions' }",
      "    messages: [{ $ref: '#/channels/predictions/messages/made' }]",
      'components:',
      '  messages:',
      '    PredictionMade:',
      "      payload: { $ref: './schemas.yaml#/Prediction' }",
      '      examples: [{ payload: { customer_id: c1, churn: true, probability: 0.8 } }]',
      '',
    ].join('\n'),
  );
  write(
    root,
    'events/schemas.yaml',
    'Prediction:\n  type: object\n  required: [customer_id, churn]\n  properties:\n    customer_id: { type: string }\n    churn: { type: boolean }\n    probability: { type: number, minimum: 0, maximum: 1 }\n',
  );
  const port = 20000 + (process.pid % 20000);
  return [
    {
      label: 'validate-openapi',
      check: 'validate-openapi',
      paths: ['api/openapi.yaml'],
      options: {},
      files: [{ path: 'api/openapi.yaml', kind: 'yaml' }],
    },
    {
      label: 'validate-asyncapi',
      check: 'validate-asyncapi',
      paths: ['events/asyncapi.yaml'],
      options: {},
      files: [
        { path: 'events/asyncapi.yaml', kind: 'yaml' },
        { path: 'events/schemas.yaml', kind: 'yaml' },
      ],
    },
    {
      label: 'contract-test (node server)',
      check: 'contract-test',
      paths: ['api/openapi.yaml'],
      options: { command: 'node api/items-server.js', port, probe: ['/admin/stats'] },
      files: [{ path: 'api/openapi.yaml', kind: 'yaml' }],
      warm: 3,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Running children.

const CHILD = path.join(__dirname, 'checks-child.js');

function spawnChild(job: Record<string, unknown>, useSwc: boolean): { result: any; wallMs: number } {
  const args = [...(useSwc ? ['-r', '@swc-node/register'] : []), CHILD, JSON.stringify(job)];
  const started = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const wallMs = performance.now() - started;
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let result: any;
  try {
    result = JSON.parse(line);
  } catch {
    throw new Error(`child failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  if (result.error) throw new Error(`child failed: ${result.error}\n${r.stderr}`);
  return { result, wallMs };
}

function registeredChecks(): string[] {
  const text = readFileSync(path.join(REPO_ROOT, 'packages/plan/src/checks/builtin.ts'), 'utf8');
  return [...text.matchAll(/registerCheck\('([^']+)'/g)].map((m) => m[1]);
}

interface Row {
  label: string;
  check: string;
  files: number;
  coldMs: number;
  loadMs: number;
  firstMs: number;
  warmMs: number;
  baseColdMs: number;
  baseWarmMs: number;
  readParseWarmMs: number;
  wallMs: number;
  /** validate-schema: how the engine started in the cold runs. */
  engineStart?: string;
}

function runPgliteBench(): { lines: string[]; figures: Record<string, number> } | { error: string } {
  const script = path.join(__dirname, 'pglite-start.ts');
  if (!existsSync(script)) return { error: 'tools/bench/pglite-start.ts not found' };
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', script, '--runs', String(RUNS)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.status !== 0) return { error: `pglite-start.ts exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const lines = r.stdout.trim().split('\n');
  const text = r.stdout;
  const num = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return {
    lines,
    figures: {
      initdbMs: num(/initdb ([\d.]+) ms/),
      snapshotMs: num(/from snapshot ([\d.]+) ms/),
      snapshotSpeedup: num(/snapshot is ([\d.]+)x faster/),
    },
  };
}

async function main(): Promise<void> {
  const from = stringArg('from') ?? (distIsFresh() ? 'dist' : 'src');
  if (from !== 'src' && from !== 'dist') throw new Error('--from must be src or dist');
  if (from === 'dist' && !distIsFresh()) console.log('warning: packages/plan/dist is older than the sources (run node tools/build.js)');
  const base = path.join(REPO_ROOT, 'packages', 'plan', ...(from === 'dist' ? ['dist', 'src'] : ['src']));
  const useSwc = from === 'src';
  const only = stringArg('only')?.split(',');

  const root = tempDir('bench-checks-');
  let cases = makeInputs(root);
  if (only) cases = cases.filter((c) => only.includes(c.check) || only.includes(c.label));
  const unbenched = registeredChecks().filter((name) => !cases.some((c) => c.check === name));

  console.log(
    `checks bench: ${RUNS} fresh processes per check, ${WARM} warm runs each; modules from ${from === 'dist' ? 'packages/plan/dist (compiled JS)' : 'packages/plan/src via @swc-node/register (load includes transpile)'}; node ${process.version}`,
  );
  console.log('baseline = files-exist on the same input files, through the same run-check machinery (cold: its own fresh process)\n');

  // The PGlite snapshot is cached per cacheDir: one unmeasured run creates it, so cold runs
  // measure what every later CLI run pays (the snapshot path), as users see it.
  if (cases.some((c) => c.check === 'validate-schema' && !c.options.skipEngine)) {
    const prep = cases.find((c) => c.check === 'validate-schema')!;
    spawnChild(
      { base, name: prep.check, paths: prep.paths, options: prep.options, cwd: root, warm: 0, files: prep.files, baselineWarm: 0 },
      useSwc,
    );
  }

  const rows: Row[] = [];
  for (const c of cases) {
    const samples: { child: ChildCheck; wallMs: number }[] = [];
    const baseCold: number[] = [];
    const existing = c.baselinePaths ?? c.files.map((f) => f.path);
    for (let i = 0; i < RUNS; i++) {
      const warm = c.warm ?? WARM;
      const { result, wallMs } = spawnChild(
        {
          base,
          name: c.check,
          paths: c.paths,
          options: c.options,
          cwd: root,
          warm,
          files: c.files,
          baselinePaths: c.baselinePaths,
          baselineWarm: Math.max(warm, 20),
        },
        useSwc,
      );
      const child = result as ChildCheck;
      if (!child.first.ok || !child.last.ok)
        throw new Error(
          `${c.label}: the bench input does not pass, so the figures would be meaningless:\n${[...child.first.findings, ...child.last.findings].join('\n')}`,
        );
      samples.push({ child, wallMs });
      const fe = spawnChild(
        { base, name: 'files-exist', paths: existing, options: {}, cwd: root, warm: 0, files: [], baselineWarm: 0 },
        useSwc,
      ).result as ChildCheck;
      if (!fe.first.ok) throw new Error(`files-exist baseline fails: ${fe.first.findings.join('; ')}`);
      baseCold.push(fe.loadMs + fe.firstMs);
    }
    const m = (pick: (s: { child: ChildCheck; wallMs: number }) => number) => median(samples.map(pick));
    const row: Row = {
      label: c.label,
      check: c.check,
      files: c.files.length,
      loadMs: m((s) => s.child.loadMs),
      firstMs: m((s) => s.child.firstMs),
      coldMs: m((s) => s.child.loadMs + s.child.firstMs),
      warmMs: m((s) => median(s.child.warm)),
      baseColdMs: median(baseCold),
      baseWarmMs: m((s) => median(s.child.filesExistWarm)),
      readParseWarmMs: m((s) => median(s.child.readParseWarm)),
      wallMs: m((s) => s.wallMs),
    };
    const starts = samples.map((s) => s.child.first.engineStart).filter((e): e is { source: string; ms: number } => !!e);
    if (starts.length)
      row.engineStart = `${[...new Set(starts.map((e) => e.source))].join('/')} ${fmtMs(median(starts.map((e) => e.ms)))} ms`;
    rows.push(row);
    process.stderr.write(`  ${c.label}: cold ${fmtMs(row.coldMs)} ms, warm ${fmtMs(row.warmMs)} ms\n`);
  }

  const header = [
    'check',
    'files',
    'load ms',
    '1st run ms',
    'cold ms/file',
    'f-e cold ms/file',
    'cold ratio',
    'warm ms/file',
    'f-e warm ms/file',
    'warm ratio',
    'cold/warm',
    'read+parse ms/file',
  ];
  const body = rows.map((r) => [
    r.label,
    String(r.files),
    fmtMs(r.loadMs),
    fmtMs(r.firstMs),
    fmtMs(r.coldMs / r.files),
    fmtMs(r.baseColdMs / r.files),
    fmtRatio(r.coldMs / r.baseColdMs),
    fmtMs(r.warmMs / r.files),
    fmtMs(r.baseWarmMs / r.files),
    fmtRatio(r.warmMs / r.baseWarmMs),
    fmtRatio(r.coldMs / r.warmMs),
    fmtMs(r.readParseWarmMs / r.files),
  ]);
  console.log(table([header, ...body]));
  console.log(
    '\ncold = load (run-check + registry + check module) + first run, in a fresh process; warm = median of the later runs in that process.',
  );
  console.log(
    "f-e = files-exist on the same files (the baseline): cold in its own fresh process, warm in the check's process. ratio = check / files-exist.",
  );
  console.log(
    'read+parse = reading the same files and parsing .json/.yaml (command: spawnSync of the command), warm, for scale. Medians over the processes.',
  );
  for (const r of rows) if (r.engineStart) console.log(`${r.label}: engine start in the cold run: ${r.engineStart} (median)`);
  if (unbenched.length) console.log(`not benched (registered, no input here): ${unbenched.join(', ')}`);

  let pglite: ReturnType<typeof runPgliteBench> | undefined;
  if (!flag('no-pglite') && (!only || only.includes('pglite'))) {
    console.log('\nPGlite start (tools/bench/pglite-start.ts, run as a child process):');
    pglite = runPgliteBench();
    if ('error' in pglite) console.log(`  not measured: ${pglite.error}`);
    else for (const line of pglite.lines) console.log(`  ${line}`);
  }

  console.log(
    JSON.stringify({
      bench: 'checks',
      node: process.version,
      modules: from,
      runs: RUNS,
      warm: WARM,
      baseline: 'files-exist on the same input files (cold: own fresh process; warm: same process)',
      checks: rows.map((r) => ({
        label: r.label,
        check: r.check,
        files: r.files,
        loadMs: round(r.loadMs),
        firstRunMs: round(r.firstMs),
        coldMsPerFile: round(r.coldMs / r.files),
        warmMsPerFile: round(r.warmMs / r.files),
        baselineColdMsPerFile: round(r.baseColdMs / r.files, 3),
        baselineWarmMsPerFile: round(r.baseWarmMs / r.files, 3),
        readParseWarmMsPerFile: round(r.readParseWarmMs / r.files, 3),
        coldRatio: round(r.coldMs / r.baseColdMs, 1),
        warmRatio: round(r.warmMs / r.baseWarmMs, 1),
        coldOverWarm: round(r.coldMs / r.warmMs, 1),
        ...(r.engineStart ? { engineStart: r.engineStart } : {}),
      })),
      notBenched: unbenched,
      pglite: pglite && !('error' in pglite) ? pglite.figures : pglite,
    }),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
