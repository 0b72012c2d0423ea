import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CheckResult, Finding } from '../../checks/contract';
import { runCheck } from '../../checks/run-check';
import { generateDdl } from '../../checks/validate-schema/ddl';
import { pythonFor } from '../../checks/lint-endpoints/__tests__/python';
import { closeEngine } from '../../checks/validate-schema/pglite-engine';
import { parseTableSpec } from '../../checks/validate-schema/table-spec';
import { PlanSchema } from '../../model/plan-schema';
import { writeGlmMojo } from '../../testing/glm-mojo';
import { mlAppSkillFiles } from '../../kinds/ml-app/files';
import { buildContext, MlAppContext } from '../../kinds/ml-app/context';
import { mlAppFiles } from './ml-app';
import { mlAppPlan } from '../../kinds/ml-app/plan';

/**
 * The templates of `plan:ml-app`, rendered the way the generator renders them, pass the real
 * checks their plan runs, and the generated API really serves under the Python the checks find
 * (Debian's python3-fastapi when python3 on PATH lacks it).
 */
const FOUND = pythonFor(['fastapi', 'httpx', 'starlette.testclient', 'yaml'], 'ml-app template tests that run the API');
const PYTHON = FOUND ?? 'python3';
const hasFastApi = FOUND !== undefined;
const itIfFastApi = hasFastApi ? it : it.skip;

/** The skill files of the kind (templates/skills/* plus the generated .sql), as the generator renders them. */
function renderFiles(ctx: MlAppContext): Map<string, string> {
  return mlAppSkillFiles(ctx);
}

function writeTree(files: Map<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-ml-app-'));
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const errors = (r: CheckResult): Finding[] => r.findings.filter((f) => f.severity === 'error');
const brief = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.file}:${f.line ?? ''}:${f.column ?? ''} ${f.message}`);

/** A valid request body: every feature at its example value. */
function validRow(ctx: MlAppContext): Record<string, number | string> {
  return Object.fromEntries(ctx.features.map((f) => [f.name, f.example]));
}

function mojoOptions(ctx: MlAppContext, beta: number[]) {
  return {
    numericFeatures: ctx.features.filter((f) => f.kind === 'numeric').map((f) => f.name),
    categoricalFeatures: ctx.features.filter((f) => f.kind === 'categorical').map((f) => ({ name: f.name, levels: f.levels! })),
    response: ctx.target.name,
    responseDomain: [...ctx.target.levels],
    beta,
  };
}

/** H2O's binomial GLM arithmetic (levels − 1 coefficients per categorical, numerics, intercept last). */
function glmProbability(ctx: MlAppContext, beta: number[], row: Record<string, number | string>): number {
  const cats = ctx.features.filter((f) => f.kind === 'categorical');
  const nums = ctx.features.filter((f) => f.kind === 'numeric');
  let eta = beta[beta.length - 1];
  let offset = 0;
  for (const c of cats) {
    const level = c.levels!.indexOf(String(row[c.name]));
    if (level > 0) eta += beta[offset + level - 1];
    offset += c.levels!.length - 1;
  }
  nums.forEach((n, j) => (eta += beta[offset + j] * Number(row[n.name])));
  return 1 / (1 + Math.exp(-eta));
}

function betaFor(ctx: MlAppContext): number[] {
  const catCoefficients = ctx.features.filter((f) => f.kind === 'categorical').reduce((n, f) => n + f.levels!.length - 1, 0);
  const nums = ctx.features.filter((f) => f.kind === 'numeric').length;
  const length = catCoefficients + nums + 1;
  return Array.from({ length }, (_, i) => (i === length - 1 ? -1.25 : [-0.8, -1.6, -0.04, 0.011, 0.35, 0.2][i % 6]));
}

/** Runs every check the plan wires to each task (preset.ts), in the rendered folder. */
async function runPlanChecks(ctx: MlAppContext, dir: string, onlyTasks?: string[]): Promise<Map<string, CheckResult[]>> {
  const plan = PlanSchema.parse(mlAppPlan(ctx, hasFastApi ? { python: PYTHON } : {}));
  const results = new Map<string, CheckResult[]>();
  for (const task of plan.phases.flatMap((phase) => phase.tasks)) {
    if (onlyTasks && !onlyTasks.includes(task.key!)) continue;
    const list: CheckResult[] = [];
    for (const c of task.checks ?? []) {
      const { paths, ...options } = (c.with ?? {}) as { paths?: string[] } & Record<string, unknown>;
      if (!hasFastApi && c.uses === 'lint-endpoints') delete options.health;
      list.push(await runCheck(c.uses, paths ?? [], options, { cwd: dir }));
    }
    results.set(task.key!, list);
  }
  return results;
}

const churn = buildContext({ name: 'churn' });

afterAll(async () => {
  // PGlite (validate-schema) would keep the process alive.
  await closeEngine();
});

describe('ml-app templates: rendering', () => {
  it('renders every file of seed 000 and nothing with a leftover token', () => {
    const files = renderFiles(churn);
    const expected = [
      'schemas/churn.json',
      'schemas/churn.sql',
      'api/__init__.py',
      'api/main.py',
      'api/dependencies.py',
      'api/routers/__init__.py',
      'api/routers/predictions.py',
      'api/models/__init__.py',
      'api/models/prediction.py',
      'api/requirements.txt',
      'pipelines/churn_etl/__init__.py',
      'pipelines/churn_etl/metadata.yaml',
      'pipelines/churn_etl/data_loaders/load_churn.py',
      'pipelines/churn_etl/transformers/clean_churn.py',
      'pipelines/churn_etl/data_exporters/export_churn.py',
      'ml/train.py',
      'ml/config.yaml',
      'ml/requirements.txt',
      'Dockerfile',
      'docker-compose.yml',
      '.dockerignore',
      '.env.example',
      'io_config.yaml',
      'metadata.yaml',
      'data/README.md',
    ];
    for (const file of expected) expect([file, files.has(file)]).toEqual([file, true]);
    for (const [file, content] of files) {
      expect([file, /<%|%>|\[object Object\]|\bNaN\b|(?<!is )undefined/.test(content)]).toEqual([file, false]);
      expect([file, /__[a-zA-Z]+__/.test(file.replace(/__init__\.py$/, ''))]).toEqual([file, false]);
    }
  });

  it('renders exactly what the generator writes for these files', () => {
    const generated = mlAppFiles(churn);
    for (const [file, content] of renderFiles(churn)) expect([file, generated.get(file) === content]).toEqual([file, true]);
  });

  it('is deterministic: the same context renders the same bytes', () => {
    const a = renderFiles(buildContext({ name: 'churn' }));
    const b = renderFiles(buildContext({ name: 'churn' }));
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('ml/config.yaml follows the shared format and matches the context', () => {
    for (const ctx of [churn, buildContext({ name: 'fraud-detection', schemaName: 'customers', modelName: 'risk_glm' })]) {
      const config = parseYaml(renderFiles(ctx).get('ml/config.yaml')!);
      expect(config.version).toBe(1);
      expect(config.data.features).toEqual(ctx.features.map((f) => f.name));
      expect(config.data.categorical).toEqual(ctx.features.filter((f) => f.kind === 'categorical').map((f) => f.name));
      expect(config.data).toMatchObject({
        table: ctx.table,
        target: ctx.target.name,
        train_path: ctx.paths.trainingData,
        ignored: [ctx.idColumn],
        problem_type: 'binary_classification',
        seed: 42,
      });
      expect(config.data.split.train + config.data.split.valid + config.data.split.test).toBeCloseTo(1, 10);
      expect(config.export.mojo_path).toBe(ctx.paths.model);
      expect(config.training).toMatchObject({ algorithm: 'glm', params: { family: 'binomial', lambda_search: true } });
      expect(config.thresholds).toEqual({ auc_min: 0.7 });
    }
  });

  it('the exporter names the table; the request model has exactly the features', () => {
    const files = renderFiles(churn);
    expect(files.get('pipelines/churn_etl/data_exporters/export_churn.py')).toMatch(/^TABLE_NAME = 'churn'$/m);
    const model = files.get('api/models/prediction.py')!;
    const body = model.split('class PredictionRequest(BaseModel):')[1].split('\nclass ')[0];
    const fields = [...body.matchAll(/^ {4}([a-z_][a-z0-9_]*): /gm)].map((m) => m[1]);
    expect(fields).toEqual(churn.features.map((f) => f.name));
    expect(model).toContain('tenure_months: int = Field(..., ge=0, le=600,');
    expect(model).toContain('ContractType = Literal["month_to_month", "one_year", "two_year"]');
  });

  it('the pipeline metadata is sorted as Mage writes it and points at files inside the pipeline folder', () => {
    const meta = parseYaml(renderFiles(churn).get('pipelines/churn_etl/metadata.yaml')!);
    expect(Object.keys(meta)).toEqual(Object.keys(meta).sort());
    expect(
      meta.blocks.map((b: Record<string, unknown>) => [
        b.uuid,
        b.type,
        (b.configuration as { file_path: string }).file_path,
        b.upstream_blocks,
        b.downstream_blocks,
      ]),
    ).toEqual([
      ['load_churn', 'data_loader', 'pipelines/churn_etl/data_loaders/load_churn.py', [], ['clean_churn']],
      ['clean_churn', 'transformer', 'pipelines/churn_etl/transformers/clean_churn.py', ['load_churn'], ['export_churn']],
      ['export_churn', 'data_exporter', 'pipelines/churn_etl/data_exporters/export_churn.py', ['clean_churn'], []],
    ]);
    for (const block of meta.blocks) expect(Object.keys(block)).toEqual(Object.keys(block).sort());
  });

  it('the table spec has the key, every feature with its type, the target and timestamps', () => {
    const spec = JSON.parse(renderFiles(churn).get('schemas/churn.json')!);
    expect(spec.$schema).toBe('./table-spec.schema.json');
    const table = spec.tables[0];
    expect(table.primaryKey).toEqual(['customer_id']);
    expect(table.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ['customer_id', 'text'],
      ...churn.features.map((f) => [f.name, f.sqlType]),
      ['churned', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ]);
  });
});

describe.each([
  ['churn', churn],
  [
    'fraud-detection with custom names',
    buildContext({ name: 'fraud-detection', schemaName: 'customers', pipelineName: 'customer_etl', modelName: 'risk_glm' }),
  ],
])('ml-app templates: the plan checks pass on the rendered files (%s)', (_label, ctx) => {
  let dir: string;
  beforeAll(() => {
    dir = writeTree(renderFiles(ctx));
  });

  it('every task check before training passes; the mojo checks say how to train', async () => {
    const results = await runPlanChecks(ctx, dir);
    for (const [task, list] of results) {
      for (const result of list) {
        if (task === 'mojo' || (task === 'predict' && result.check === 'ml-contracts')) continue;
        expect([task, result.check, brief(errors(result))]).toEqual([task, result.check, []]);
      }
    }
    const mojo = results.get('mojo')!;
    expect(mojo[0].ok).toBe(false);
    expect(brief(errors(mojo[1])).join('\n')).toContain(`nx run ${ctx.name}:train`);
    if (hasFastApi) {
      const fastapi = results.get('fastapi')![0];
      expect(fastapi.metadata?.health).toMatchObject({ status: 200, app: 'api.main:app' });
    }
  }, 120000);

  it('with a (hand-written GLM) MOJO, the mojo and predict checks pass too', async () => {
    writeGlmMojo(path.join(dir, ctx.paths.model), mojoOptions(ctx, betaFor(ctx)));
    const results = await runPlanChecks(ctx, dir, ['mojo', 'predict']);
    for (const [task, list] of results) {
      for (const result of list) expect([task, result.check, brief(errors(result))]).toEqual([task, result.check, []]);
    }
  }, 120000);

  it('lint-endpoints over all of api/, ml/train.py and the block files finds no error', async () => {
    const python = hasFastApi ? { python: PYTHON } : {};
    const api = await runCheck('lint-endpoints', ['api/'], { ...python, health: hasFastApi }, { cwd: dir });
    expect(brief(api.findings)).toEqual([]);
    const scripts = [
      'ml/train.py',
      ...['data_loaders/load', 'transformers/clean', 'data_exporters/export'].map(
        (p) => `${ctx.paths.pipelineDir}/${p.replace(/\/(\w+)$/, `/$1_${ctx.table}`)}.py`,
      ),
    ];
    const syntax = await runCheck('lint-endpoints', scripts, python, { cwd: dir });
    expect(brief(errors(syntax))).toEqual([]);
    expect(syntax.metadata?.filesChecked).toBe(4);
    expect(syntax.findings.map((f) => f.rule)).toEqual(['endpoints/none-found']);
  }, 60000);

  it('scan-dockerfile: no error, and the warnings are known', async () => {
    const result = await runCheck('scan-dockerfile', ['Dockerfile'], {}, { cwd: dir });
    expect(brief(errors(result))).toEqual([]);
    expect(result.findings.filter((f) => f.severity === 'warning').map((f) => f.rule)).toEqual([]);
    const [facts] = result.metadata?.files as Array<{
      stages: unknown[];
      finalStageRunsAsRoot: boolean;
      healthcheck: unknown;
      exposedPorts: string[];
    }>;
    expect(facts.stages).toHaveLength(2);
    expect(facts.finalStageRunsAsRoot).toBe(false);
    expect(facts.healthcheck).not.toBeNull();
    expect(facts.exposedPorts).toEqual(['8000']);
  });
});

describe('ml-app templates: the generated API under Debian Python', () => {
  const ctx = churn;
  const beta = betaFor(ctx);
  let dir: string;
  let outcome: Record<string, unknown>;

  beforeAll(() => {
    if (!hasFastApi) return;
    dir = writeTree(renderFiles(ctx));
    const mojo = path.join(dir, 'models', 'test_model.zip');
    writeGlmMojo(mojo, mojoOptions(ctx, beta));
    const corrupt = path.join(dir, 'models', 'corrupt.zip');
    writeFileSync(corrupt, 'not a zip');
    const valid = validRow(ctx);
    const numeric = ctx.features.find((f) => f.kind === 'numeric')!;
    const categorical = ctx.features.find((f) => f.kind === 'categorical')!;
    const { [ctx.features[0].name]: _dropped, ...missingField } = valid;
    const bad = {
      missingField,
      outOfRange: { ...valid, [numeric.name]: numeric.max! + 1 },
      belowRange: { ...valid, [numeric.name]: numeric.min! - 1 },
      notANumber: { ...valid, [numeric.name]: 'many' },
      unknownCategory: { ...valid, [categorical.name]: 'not_a_level' },
      notAnObject: [1, 2, 3],
    };
    const script = `
import json, os, sys
sys.path.insert(0, os.getcwd())
from starlette.testclient import TestClient
from api.main import app
from api.dependencies import InvalidInput, ModelUnavailable, Prediction, get_scorer

args = json.loads(sys.stdin.read())
client = TestClient(app)
out = {}

def call(body):
    response = client.post("/predict", json=body)
    return [response.status_code, response.json()]

health = client.get("/health")
out["health"] = [health.status_code, health.json()]

os.environ["MODEL_PATH"] = os.path.join("models", "absent.zip")
out["noModel"] = call(args["valid"])
os.environ["MODEL_PATH"] = os.path.join("models", "corrupt.zip")
out["corruptModel"] = call(args["valid"])


class StubScorer:
    """Test double at the model boundary: records rows, answers a fixed prediction."""

    def __init__(self, error=None):
        self.rows = []
        self.error = error

    def predict(self, row):
        self.rows.append(dict(row))
        if self.error is not None:
            raise self.error
        return Prediction(label=${JSON.stringify(ctx.target.levels[1])}, probability=0.75, threshold=0.5)


stub = StubScorer()
app.dependency_overrides[get_scorer] = lambda: stub
out["stub"] = call(args["valid"])
out["stubRows"] = stub.rows
out["bad"] = {name: call(body) for name, body in args["bad"].items()}
out["badRowsScored"] = len(stub.rows) - 1
app.dependency_overrides[get_scorer] = lambda: StubScorer(InvalidInput("level never seen"))
out["scorerInvalid"] = call(args["valid"])
app.dependency_overrides[get_scorer] = lambda: StubScorer(ModelUnavailable("java missing"))
out["scorerUnavailable"] = call(args["valid"])
app.dependency_overrides.clear()

os.environ["MODEL_PATH"] = os.path.join("models", "test_model.zip")
out["mojo"] = {name: call(body) for name, body in args["mojoRows"].items()}
print(json.dumps(out))
`;
    const levels = categorical.levels!;
    const mojoRows = Object.fromEntries(levels.map((level) => [level, { ...valid, [categorical.name]: level }]));
    const run = spawnSync(PYTHON, ['-c', script], {
      cwd: dir,
      input: JSON.stringify({ valid, bad, mojoRows }),
      encoding: 'utf8',
      timeout: 60000,
    });
    if (run.status !== 0) throw new Error(`python failed (${run.status}): ${run.stderr}`);
    outcome = JSON.parse(run.stdout.trim().split('\n').pop()!);
  });

  itIfFastApi('GET /health answers 200 {"status": "ok"}', () => {
    expect(outcome.health).toEqual([200, { status: 'ok' }]);
  });

  itIfFastApi('POST /predict answers 503 with the train command without a (usable) model', () => {
    expect(outcome.noModel).toEqual([503, { detail: 'model not loaded: run `nx run churn:train` (no MOJO at models/absent.zip)' }]);
    const [status, body] = outcome.corruptModel as [number, { detail: string }];
    expect(status).toBe(503);
    expect(body.detail).toMatch(/cannot read the MOJO models\/corrupt\.zip/);
  });

  itIfFastApi('POST /predict with a stub scorer answers 200 and passes exactly the features', () => {
    expect(outcome.stub).toEqual([200, { prediction: 'yes', probability: 0.75, threshold: 0.5 }]);
    expect(outcome.stubRows).toEqual([validRow(ctx)]);
  });

  itIfFastApi('bad bodies answer 422 and never reach the model', () => {
    const bad = outcome.bad as Record<string, [number, unknown]>;
    expect(Object.fromEntries(Object.entries(bad).map(([k, [status]]) => [k, status]))).toEqual({
      missingField: 422,
      outOfRange: 422,
      belowRange: 422,
      notANumber: 422,
      unknownCategory: 422,
      notAnObject: 422,
    });
    expect(outcome.badRowsScored).toBe(0);
    expect(outcome.scorerInvalid).toEqual([422, { detail: 'level never seen' }]);
    expect(outcome.scorerUnavailable).toEqual([503, { detail: 'java missing' }]);
  });

  itIfFastApi('a real GLM MOJO at MODEL_PATH is scored in pure Python exactly as H2O does', () => {
    const mojo = outcome.mojo as Record<string, [number, { prediction: string; probability: number; threshold: number }]>;
    const categorical = ctx.features.find((f) => f.kind === 'categorical')!;
    const probabilities = new Set<number>();
    for (const level of categorical.levels!) {
      const [status, body] = mojo[level];
      const expected = glmProbability(ctx, beta, { ...validRow(ctx), [categorical.name]: level });
      expect(status).toBe(200);
      expect(body.probability).toBeCloseTo(expected, 12);
      expect(body.threshold).toBe(0.5);
      expect(body.prediction).toBe(expected >= 0.5 ? ctx.target.levels[1] : ctx.target.levels[0]);
      probabilities.add(Number(expected.toFixed(6)));
    }
    // The levels give different scores, so a reader that ignored the categorical would fail.
    expect(probabilities.size).toBe(categorical.levels!.length);
  });
});

/** An interpreter with pydantic 2 (the current API stack), if this machine has one. */
const pydantic2Python = ['python3', PYTHON].find(
  (python) =>
    spawnSync(python, ['-c', 'import pydantic, sys; sys.exit(0 if pydantic.VERSION.startswith("2") else 1)'], { stdio: 'ignore' })
      .status === 0,
);
const itIfPydantic2 = pydantic2Python ? it : it.skip;
const yamlPython = ['python3', PYTHON].find((python) => spawnSync(python, ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0);
const itIfYaml = yamlPython ? it : it.skip;

describe('ml-app templates: Python parts outside the app', () => {
  let dir: string;
  beforeAll(() => {
    dir = writeTree(renderFiles(churn));
  });

  function python(
    interpreter: string,
    script: string,
    input: unknown,
  ): { status: number | null; out: Record<string, unknown>; stderr: string } {
    const run = spawnSync(interpreter, ['-W', 'error', '-c', script], {
      cwd: dir,
      input: JSON.stringify(input),
      encoding: 'utf8',
      timeout: 60000,
    });
    const last = run.stdout.trim().split('\n').pop() ?? '';
    return { status: run.status, out: last.startsWith('{') ? JSON.parse(last) : {}, stderr: run.stderr };
  }

  itIfPydantic2('the request and response models validate under pydantic 2 without deprecation warnings', () => {
    const numeric = churn.features.find((f) => f.kind === 'numeric')!;
    const categorical = churn.features.find((f) => f.kind === 'categorical')!;
    const script = `
import json, sys
sys.path.insert(0, ".")
import pydantic
from api.models.prediction import FEATURES, PredictionRequest, PredictionResponse
args = json.loads(sys.stdin.read())
def errors(body):
    try:
        PredictionRequest(**body)
        return 0
    except pydantic.ValidationError as error:
        return len(error.errors())
out = {"version": pydantic.VERSION, "features": list(FEATURES)}
out["valid"] = errors(args["valid"])
out["invalid"] = {name: errors(body) for name, body in args["invalid"].items()}
out["response"] = PredictionResponse(prediction="yes", probability=0.25, threshold=0.5).probability
print(json.dumps(out))
`;
    const valid = validRow(churn);
    const { status, out, stderr } = python(pydantic2Python!, script, {
      valid,
      invalid: { range: { ...valid, [numeric.name]: numeric.max! + 1 }, level: { ...valid, [categorical.name]: 'x' }, missing: {} },
    });
    expect([status, stderr]).toEqual([0, '']);
    expect(out).toMatchObject({
      features: churn.features.map((f) => f.name),
      valid: 0,
      invalid: { range: 1, level: 1, missing: churn.features.length },
      response: 0.25,
    });
  });

  itIfYaml('ml/train.py: config loading, quality gates and the H2O Enterprise export message', () => {
    const script = `
import json, sys, types
sys.path.insert(0, "ml")
import train
out = {}
config = train.load_config("ml/config.yaml")
out["features"] = config["data"]["features"]
out["gates"] = {
    "pass": train.failed_gates({"auc_min": 0.7}, {"auc": 0.81}),
    "low": train.failed_gates({"auc_min": 0.7}, {"auc": 0.65}),
    "high": train.failed_gates({"logloss_max": 0.5}, {"logloss": 0.6}),
    "unknown": train.failed_gates({"r2_min": 0.1}, {"auc": 0.9}),
    "badName": train.failed_gates({"auc": 0.7}, {"auc": 0.9}),
}
with open("bad.yaml", "w") as handle:
    handle.write("version: 1\\ndata: {target: y}\\n")
try:
    train.load_config("bad.yaml")
except train.TrainingError as error:
    out["badConfig"] = [str(error), error.exit_code]


class EnterpriseOnlyModel:
    """Test double of an H2O model on 3.46.0.12+: MOJO export is refused."""

    algo = "glm"
    have_mojo = True

    def download_mojo(self, path, get_genmodel_jar=False, genmodel_name=""):
        raise RuntimeError("MOJO export requires H2O-3 Enterprise")


with open("short.csv", "w") as handle:
    handle.write("customer_id,tenure_months\\n1,2\\n")
for name, data in (("noData", dict(config["data"], train_path="data/absent.csv")), ("noColumns", dict(config["data"], train_path="short.csv"))):
    try:
        train.check_columns(data)
    except train.TrainingError as error:
        out[name] = [str(error), error.exit_code]
train.check_columns(config["data"])

h2o_double = types.SimpleNamespace(__version__="3.46.0.12")
try:
    train.export_mojo(h2o_double, EnterpriseOnlyModel(), "models/x.zip", (3, 46, 0, 12))
except train.TrainingError as error:
    out["enterprise"] = [str(error), error.exit_code]
print(json.dumps(out))
`;
    const { status, out, stderr } = python(yamlPython!, script, {});
    expect([status, stderr]).toEqual([0, '']);
    expect(out.features).toEqual(churn.features.map((f) => f.name));
    expect(out.gates).toEqual({
      pass: [],
      low: ['auc = 0.6500 is below auc_min = 0.7'],
      high: ['logloss = 0.6000 is above logloss_max = 0.5'],
      unknown: ['threshold r2_min: the model reports no r2 (it reports auc)'],
      badName: ['threshold auc: name it <metric>_min or <metric>_max'],
    });
    expect(out.badConfig).toEqual(['bad.yaml: data.train_path is missing', 2]);
    expect(out.noData).toEqual(['training data data/absent.csv does not exist: run the Mage pipeline (see data/README.md) to write it', 2]);
    const [columnsMessage, columnsCode] = out.noColumns as [string, number];
    expect(columnsCode).toBe(2);
    expect(columnsMessage).toContain(
      `short.csv lacks the columns ${churn.features
        .slice(1)
        .map((f) => f.name)
        .join(', ')}, ${churn.target.name}`,
    );
    const [message, code] = out.enterprise as [string, number];
    expect(code).toBe(1);
    expect(message).toContain("pip install 'h2o<=3.46.0.11'");
    expect(message).toContain('require H2O-3 Enterprise');
  });

  itIfYaml('ml/train.py exits 2 with an install hint when h2o is missing, 2 when the config is unreadable', () => {
    const hasH2o = spawnSync(yamlPython!, ['-c', 'import h2o'], { stdio: 'ignore' }).status === 0;
    if (!hasH2o) {
      const run = spawnSync(yamlPython!, ['ml/train.py', '--config', 'ml/config.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('pip install -r ml/requirements.txt');
    }
    const missing = spawnSync(yamlPython!, ['ml/train.py', '--config', 'ml/absent.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read ml\/absent\.yaml/);
  });
});

/** Logistic regression by Newton's method (what an H2O GLM without regularisation fits). */
function fitLogistic(x: number[][], y: number[]): number[] {
  const p = x[0].length;
  let w = new Array<number>(p).fill(0);
  for (let iteration = 0; iteration < 25; iteration++) {
    const gradient = new Array<number>(p).fill(0);
    const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    x.forEach((row, i) => {
      const mu = 1 / (1 + Math.exp(-row.reduce((s, v, j) => s + v * w[j], 0)));
      for (let a = 0; a < p; a++) {
        gradient[a] += (y[i] - mu) * row[a];
        for (let b = 0; b < p; b++) hessian[a][b] += mu * (1 - mu) * row[a] * row[b] + (a === b ? 1e-9 : 0);
      }
    });
    w = w.map((v, j) => v + solve(hessian, gradient)[j]);
  }
  return w;
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    const pivot = m.reduce((best, row, r) => (r >= c && Math.abs(row[c]) > Math.abs(m[best][c]) ? r : best), c);
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

function auc(scores: number[], labels: number[]): number {
  let pairs = 0;
  let wins = 0;
  scores.forEach((s, i) => {
    if (!labels[i]) return;
    scores.forEach((t, j) => {
      if (labels[j]) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('ml-app templates: the synthetic training sample', () => {
  it.each([
    ['churn', churn],
    ['fraud-detection', buildContext({ name: 'fraud-detection', schemaName: 'accounts' })],
  ])('%s: data.train_path holds valid rows on which a GLM passes the auc_min gate', (_label, ctx) => {
    const files = renderFiles(ctx);
    const config = parseYaml(files.get('ml/config.yaml')!);
    const text = files.get(config.data.train_path)!;
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header.split(',')).toEqual([ctx.idColumn, ...ctx.features.map((f) => f.name), ctx.target.name]);
    const rows = lines.map((line) => line.split(','));
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    // Every row is one the API would accept: bounds and categories of PredictionRequest.
    for (const row of rows) {
      ctx.features.forEach((f, j) => {
        const value = row[j + 1];
        if (f.kind === 'categorical') expect(f.levels).toContain(value);
        else {
          expect(Number(value)).toBeGreaterThanOrEqual(f.min!);
          expect(Number(value)).toBeLessThanOrEqual(f.max!);
          if (f.pyType === 'int') expect(value).toMatch(/^\d+$/);
        }
      });
      expect(ctx.target.levels).toContain(row[row.length - 1]);
    }
    // Design matrix: intercept, one-hot categoricals (first level dropped), standardised numerics.
    const columns = ctx.features.map((f, j) => rows.map((r) => r[j + 1]));
    const design = rows.map((_r, i) => {
      const out = [1];
      ctx.features.forEach((f, j) => {
        if (f.kind === 'categorical') f.levels!.slice(1).forEach((level) => out.push(columns[j][i] === level ? 1 : 0));
        else {
          const values = columns[j].map(Number);
          const mean = values.reduce((s, v) => s + v, 0) / values.length;
          const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
          out.push((values[i] - mean) / sd);
        }
      });
      return out;
    });
    const y: number[] = rows.map((r) => (r[r.length - 1] === ctx.target.levels[1] ? 1 : 0));
    const positives = y.reduce((s, v) => s + v, 0) / y.length;
    expect(positives).toBeGreaterThan(0.15);
    expect(positives).toBeLessThan(0.6);
    const cut = Math.floor(rows.length * 0.7);
    const w = fitLogistic(design.slice(0, cut), y.slice(0, cut));
    const scores = design.slice(cut).map((row) => row.reduce((s, v, j) => s + v * w[j], 0));
    expect(auc(scores, y.slice(cut))).toBeGreaterThan(config.thresholds.auc_min + 0.05);
  });
});
