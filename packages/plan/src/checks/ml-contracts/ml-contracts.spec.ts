import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckUsageError, Finding } from '../contract';
import { runCheck } from '../run-check';
import { writeGlmMojo } from '../../testing/glm-mojo';
import { CONFIG_YAML, EXPORTER_PY, FEATURES, posOf, PREDICTION_PY, tableSpec, write } from '../validate-ml-config/test-inputs';
import { declared } from '../../testing/declared-rules';
import { check, MlContractsOptions } from './ml-contracts';
import { rules } from './rule-catalogue';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-contracts-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const CONFIG = 'ml/config.yaml';
const SCHEMA = 'schemas/churn.json';
const MOJO = 'models/churn_model.zip';
const REQUEST = 'api/models/prediction.py';
const EXPORTER = 'pipelines/churn/data_exporters/export_churn.py';
const ALL: MlContractsOptions = {
  config: CONFIG,
  schema: SCHEMA,
  mojo: MOJO,
  requestModel: `${REQUEST}:PredictionRequest`,
  exporter: EXPORTER,
};

/** A consistent project; `edit` changes one side before the run. */
function project(
  edit: {
    config?: string;
    request?: string;
    exporter?: string;
    spec?: Record<string, unknown>;
    mojo?: Parameters<typeof writeGlmMojo>[1] | false;
  } = {},
) {
  write(dir, CONFIG, edit.config ?? CONFIG_YAML);
  write(dir, SCHEMA, JSON.stringify(edit.spec ?? tableSpec(), null, 2));
  write(dir, REQUEST, edit.request ?? PREDICTION_PY);
  write(dir, EXPORTER, edit.exporter ?? EXPORTER_PY);
  if (edit.mojo !== false) {
    writeGlmMojo(
      path.join(dir, MOJO),
      edit.mojo ?? {
        categoricalFeatures: [{ name: 'contract_type', levels: ['month-to-month', 'one_year', 'two_year'] }],
        numericFeatures: ['tenure_months', 'monthly_charges', 'support_calls'],
        response: 'churned',
        responseDomain: ['false', 'true'],
      },
    );
  }
}
const run = async (options: MlContractsOptions, paths: string[] = []) => declared(rules, await check.run(paths, options, { cwd: dir }));
const only = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

describe('a consistent project', () => {
  it('passes every contract and reports what it compared', async () => {
    project();
    const result = await run(ALL);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.metadata).toMatchObject({
      compared: ['mojo~config', 'request~mojo', 'exporter~config', 'exporter~schema', 'config~schema'],
      features: { config: FEATURES, mojo: ['contract_type', 'tenure_months', 'monthly_charges', 'support_calls'], request: FEATURES },
      target: { config: 'churned', mojo: 'churned' },
      table: { config: 'churn', exporter: 'churn' },
    });
  });

  it('is registered and runs through runCheck; an exploded MOJO folder works too', async () => {
    project({ mojo: false });
    writeGlmMojo(path.join(dir, 'models/churn_model'), { numericFeatures: FEATURES, response: 'churned', exploded: true });
    const result = await runCheck('ml-contracts', [], { config: CONFIG, mojo: 'models/churn_model', requestModel: REQUEST }, { cwd: dir });
    expect(result).toMatchObject({ check: 'ml-contracts', ok: true, findings: [] });
  });
});

describe('MOJO columns = config features', () => {
  it('a MOJO whose columns differ from the config fails at the config feature and names the extra column', async () => {
    project({ mojo: { numericFeatures: ['tenure_months', 'monthly_charge', 'support_calls', 'contract_type'], response: 'churned' } });
    const result = await run({ config: CONFIG, mojo: MOJO });
    expect(result.ok).toBe(false);
    const found = only(result.findings, 'ml-contracts/mojo-features');
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ severity: 'error', file: CONFIG, ...posOf(CONFIG_YAML, 'monthly_charges') });
    expect(found[0].message).toContain('it has "monthly_charge" instead');
    expect(found[1]).toMatchObject({ file: MOJO });
    expect(found[1].line).toBeUndefined();
    expect(found[1].message).toContain('"monthly_charge"');
  });

  it('the same columns in another order pass (compared as sets)', async () => {
    project({ mojo: { numericFeatures: [...FEATURES].reverse(), response: 'churned' } });
    expect((await run({ config: CONFIG, mojo: MOJO })).findings).toEqual([]);
  });

  it('the MOJO response must be the config target, reported at data.target', async () => {
    project({ mojo: { numericFeatures: FEATURES, response: 'churn' } });
    const result = await run({ config: CONFIG, mojo: MOJO });
    const [f] = only(result.findings, 'ml-contracts/mojo-response');
    expect(f).toMatchObject({ file: CONFIG, ...posOf(CONFIG_YAML, 'churned') });
    expect(f.message).toContain('predicts "churn"');
  });

  it('a missing MOJO says how to produce it', async () => {
    project({ mojo: false });
    let result = await run({ config: CONFIG, mojo: MOJO, mojoHint: 'run `nx run churn:train`' });
    expect(result.findings).toEqual([
      {
        rule: 'ml-contracts/mojo-missing',
        severity: 'error',
        file: MOJO,
        message: expect.stringContaining('run `nx run churn:train` to produce it'),
      },
    ]);
    result = await run({ config: CONFIG, mojo: MOJO });
    expect(result.findings[0].message).toContain('download_mojo');
  });

  it('an unreadable MOJO is one finding pointing at validate-mojo', async () => {
    project({ mojo: false });
    write(dir, MOJO, 'not a zip at all');
    const result = await run({ config: CONFIG, mojo: MOJO, requestModel: REQUEST });
    expect(result.findings.map((f) => f.rule)).toEqual(['ml-contracts/mojo-invalid']);
    expect(result.findings[0].message).toContain('validate-mojo');
    // the request model is then compared with the config instead
    expect(result.metadata?.compared).toEqual(['request~config']);
  });
});

describe('request model fields = features', () => {
  it('a request model missing a feature fails at the class line and names it', async () => {
    const request = PREDICTION_PY.replace('    support_calls: int\n', '');
    project({ request });
    const result = await run(ALL);
    const found = only(result.findings, 'ml-contracts/request-fields');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', file: REQUEST, ...posOf(request, 'PredictionRequest') });
    expect(found[0].message).toContain('no field "support_calls"');
    expect(found[0].message).toContain('`support_calls: float`');
  });

  it('an extra or misspelt field fails at its own line', async () => {
    const request = PREDICTION_PY.replace('    contract_type: str', '    contract_typ: str\n    churned: bool');
    project({ request });
    const result = await run({ config: CONFIG, mojo: MOJO, requestModel: REQUEST });
    const found = only(result.findings, 'ml-contracts/request-fields');
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [posOf(request, 'contract_typ').line, 5],
      [posOf(request, 'churned').line, 5],
      [posOf(request, 'PredictionRequest').line, posOf(request, 'PredictionRequest').column],
    ]);
    expect(found[0].message).toContain('did you mean "contract_type"');
    expect(found[1].message).toContain('it is the target');
    expect(found[2].message).toContain('`contract_type: str`');
  });

  it('without a MOJO the fields are compared with data.features', async () => {
    const request = PREDICTION_PY.replace('    tenure_months: int = Field(..., ge=0)\n', '');
    project({ request, mojo: false });
    const result = await run({ config: CONFIG, requestModel: REQUEST });
    expect(result.metadata?.compared).toEqual(['request~config']);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].message).toContain(`a feature of data.features of ${CONFIG}`);
  });

  it('reads fields as Pydantic does: local base classes first; ClassVar, private and model_config are not fields', async () => {
    const request = `from typing import ClassVar
from pydantic import BaseModel, ConfigDict


class Usage(BaseModel):
    tenure_months: int
    support_calls: int


@some_decorator
class PredictionRequest(Usage):
    model_config = ConfigDict(extra='forbid')
    model_config: ConfigDict = ConfigDict(extra='forbid')
    version: ClassVar[str] = '1'
    _cache: dict = {}
    monthly_charges: float
    contract_type: str

    def describe(self) -> str:
        label: str = 'x'
        return label
`;
    project({ request, mojo: false });
    const result = await run({ config: CONFIG, requestModel: `${REQUEST}:PredictionRequest` });
    expect(result.findings).toEqual([]);
    expect(result.metadata?.features).toMatchObject({ request: ['tenure_months', 'support_calls', 'monthly_charges', 'contract_type'] });
  });

  it('a missing class names the classes found', async () => {
    project({ mojo: false });
    const result = await run({ config: CONFIG, requestModel: `${REQUEST}:ScoreRequest` });
    expect(result.findings).toEqual([
      {
        rule: 'ml-contracts/request-class-missing',
        severity: 'error',
        file: REQUEST,
        line: 1,
        column: 1,
        message: expect.stringContaining('classes found: PredictionRequest, PredictionResponse'),
      },
    ]);
  });

  it('a Python file with syntax errors still yields what tree-sitter recovers, without throwing', async () => {
    project({ request: `${PREDICTION_PY}\ndef broken(:\n    pass\n`, mojo: false });
    const result = await run({ config: CONFIG, requestModel: REQUEST });
    expect(result.ok).toBe(true);
  });
});

describe('exporter TABLE_NAME = data.table = a schema table', () => {
  it('a different TABLE_NAME fails at its line, against the config and the schema', async () => {
    const exporter = EXPORTER_PY.replace("TABLE_NAME = 'churn'", "TABLE_NAME = 'churns'");
    project({ exporter });
    const result = await run(ALL);
    const found = only(result.findings, 'ml-contracts/table-name');
    expect(found).toHaveLength(2);
    for (const f of found) expect(f).toMatchObject({ file: EXPORTER, ...posOf(exporter, 'TABLE_NAME') });
    expect(found[0].message).toContain(`data.table "churn"`);
    expect(found[0].message).toContain(`(line ${posOf(CONFIG_YAML, 'table:').line})`);
    expect(found[1].message).toContain('did you mean "churn"');
  });

  it('reads annotated and raw-string assignments; the last module-level one wins', async () => {
    const exporter = `TABLE_NAME = 'old'\nTABLE_NAME: str = r"churn"\n\ndef f():\n    TABLE_NAME = 'inner'\n`;
    project({ exporter });
    expect((await run({ config: CONFIG, exporter: EXPORTER })).findings).toEqual([]);
  });

  it('a missing or non-literal TABLE_NAME is reported', async () => {
    project({ exporter: 'def export_data(df):\n    pass\n' });
    let result = await run({ config: CONFIG, exporter: EXPORTER });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'ml-contracts/table-name-missing', file: EXPORTER, line: 1, column: 1 }),
    ]);
    const exporter = "PREFIX = 'c'\nTABLE_NAME = f'{PREFIX}hurn'\n";
    project({ exporter });
    result = await run({ config: CONFIG, exporter: EXPORTER });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'ml-contracts/table-name-invalid',
        ...posOf(exporter, 'TABLE_NAME'),
        message: expect.stringContaining('f-string'),
      }),
    ]);
  });

  it('TABLE_NAME is checked against the schema alone when no config is given', async () => {
    project({ spec: tableSpec({ tableName: 'customers' }) });
    const result = await run({ schema: SCHEMA, exporter: EXPORTER });
    expect(result.findings.map((f) => f.rule)).toEqual(['ml-contracts/table-name']);
  });
});

describe('config features ⊆ schema columns', () => {
  it('a feature that is not a column fails at the feature in config.yaml', async () => {
    project({ spec: tableSpec({ dropColumn: 'monthly_charges' }) });
    const result = await run({ config: CONFIG, schema: SCHEMA });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'ml-contracts/unknown-column', file: CONFIG, ...posOf(CONFIG_YAML, 'monthly_charges') }),
    ]);
  });

  it('data.table missing from the schema fails at data.table', async () => {
    project({ spec: tableSpec({ tableName: 'customers' }) });
    const result = await run({ config: CONFIG, schema: SCHEMA });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'ml-contracts/unknown-table', file: CONFIG, line: posOf(CONFIG_YAML, 'table:').line, column: 10 }),
    ]);
  });
});

describe('inputs and usage', () => {
  it('corrupt YAML is one finding, never an exception', async () => {
    const config = CONFIG_YAML.replace('data:\n', 'data: [\n');
    project({ config });
    const result = await run({ config: CONFIG, requestModel: REQUEST });
    expect(result.findings.map((f) => f.rule)).toEqual(['ml-contracts/config-invalid']);
    expect(result.findings[0]).toMatchObject({ file: CONFIG, line: expect.any(Number), column: expect.any(Number) });
  });

  it('a config without a features list cannot be compared', async () => {
    const config = CONFIG_YAML.replace('  features: [tenure_months, monthly_charges, support_calls, contract_type]\n', '');
    project({ config });
    const result = await run({ config: CONFIG, requestModel: REQUEST });
    expect(result.findings.map((f) => f.rule)).toEqual(['ml-contracts/config-invalid']);
    expect(result.findings[0]).toMatchObject({ line: posOf(config, 'data:').line });
  });

  it('missing files are findings', async () => {
    const result = await run({ config: 'nope.yaml', requestModel: 'nope.py', exporter: 'none.py', schema: 'none.json' });
    expect(result.findings.map((f) => [f.rule, f.file])).toEqual([
      ['ml-contracts/not-found', 'nope.yaml'],
      ['ml-contracts/schema-not-found', 'none.json'],
      ['ml-contracts/not-found', 'nope.py'],
      ['ml-contracts/not-found', 'none.py'],
    ]);
  });

  it('paths take roles from their names', async () => {
    project();
    const result = await run({}, [CONFIG, SCHEMA, MOJO, `${REQUEST}:PredictionRequest`, EXPORTER]);
    expect(result.ok).toBe(true);
    expect((result.metadata?.compared as string[]).length).toBe(5);
  });

  it('usage errors throw CheckUsageError', async () => {
    await expect(run({ config: CONFIG })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(run({ config: CONFIG, schema: '' })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(run({ config: CONFIG }, ['README.md'])).rejects.toBeInstanceOf(CheckUsageError);
    await expect(run({ config: CONFIG }, ['other.yaml'])).rejects.toBeInstanceOf(CheckUsageError);
  });
});
