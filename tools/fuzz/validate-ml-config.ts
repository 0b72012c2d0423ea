/**
 * Fuzzes validate-ml-config (and, on a share of the inputs, ml-contracts): mutated ml/config.yaml
 * files (byte-level and structure-aware) run through the real check.run() with the files written
 * in a temp dir, with and without the modelPath/schema options. ml-contracts also gets mutated
 * request models and exporters (its Python reading) next to a valid GLM MOJO. Any exception
 * escaping run() is a bug.
 *
 *   node -r @swc-node/register tools/fuzz/validate-ml-config.ts [--iterations N] [--contracts N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { check as contracts } from '../../packages/plan/src/checks/ml-contracts/ml-contracts';
import {
  CONFIG_YAML,
  EXPORTER_PY,
  FEATURES,
  PREDICTION_PY,
  tableSpec,
} from '../../packages/plan/src/checks/validate-ml-config/test-inputs';
import { check } from '../../packages/plan/src/checks/validate-ml-config/validate-ml-config';
import { writeGlmMojo } from '../../packages/plan/src/testing/glm-mojo';
import { arg, prng } from './lib';

const ITERATIONS = arg('iterations', 10000);
const CONTRACT_ITERATIONS = arg('contracts', 2000);
const SEED = arg('seed', 1);

const rand = prng(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

// ---- seeds --------------------------------------------------------------------------------
const BLOCK_STYLE = stringify(parse(CONFIG_YAML));
const AUTOML = CONFIG_YAML.replace('algorithm: glm', 'algorithm: automl');
const SEEDS = [CONFIG_YAML, BLOCK_STYLE, AUTOML, 'version: 1\n', `anchors: &f [a, b]\ndata:\n  features: *f\n  categorical: *f\n`];

// ---- mutations ----------------------------------------------------------------------------
const TOKENS = [
  ':',
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '*zz',
  '!!str ',
  '!!map ',
  '!!python/object:os.system ',
  '!foo ',
  '? ',
  '|',
  '>-',
  "'",
  '"',
  '#',
  '\t',
  '  ',
  '\n',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '<<: *a\n',
  'null',
  '~',
  'yes',
  'y',
  'on',
  '0x1F',
  '1e9',
  '1.0e-3',
  '.nan',
  '.inf',
  '1:20',
  '0o17',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '\u202e',
  '\ud800',
  '💥',
  'é',
  '\r\n',
  'features: ',
  'target: ',
  'split: ',
  'mojo_path: ',
  'thresholds: {x: 1}',
];
const WEIRD: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  Number.NaN,
  true,
  '',
  ' ',
  'x',
  '../..',
  '/etc/passwd',
  'models/x.zip',
  'constructor',
  '__proto__',
  'toString',
  [],
  {},
  ['a'],
  { a: 1 },
  [[1]],
  '\u0000',
  'é/💥',
  'y',
  'x'.repeat(5000),
];
const KEYS = ['version', 'data', 'h2o', 'training', 'export', 'thresholds', 'extra', '__proto__', 'constructor'];
const DATA_KEYS = ['table', 'train_path', 'target', 'features', 'categorical', 'ignored', 'problem_type', 'split', 'seed', 'tabel'];

function byteMutate(text: string): string {
  let s = text;
  for (let k = 1 + int(4); k > 0; k--) {
    const at = int(s.length + 1);
    const lines = s.split('\n');
    switch (int(8)) {
      case 0:
        if (s.length > 0)
          s = s.slice(0, at) + String.fromCharCode(s.charCodeAt(Math.min(at, s.length - 1)) ^ (1 << int(16))) + s.slice(at + 1);
        break;
      case 1:
        s = s.slice(0, at);
        break;
      case 2: {
        const i = int(lines.length);
        lines.splice(i, 0, lines[i]);
        s = lines.join('\n');
        break;
      }
      case 3:
        if (lines.length > 1) {
          lines.splice(int(lines.length), 1);
          s = lines.join('\n');
        }
        break;
      case 4: {
        const i = int(lines.length);
        const j = int(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join('\n');
        break;
      }
      case 5: {
        const i = int(lines.length);
        lines[i] = ' '.repeat(int(6)) + lines[i].trimStart();
        s = lines.join('\n');
        break;
      }
      default:
        s = s.slice(0, at) + pick(TOKENS) + s.slice(at);
    }
  }
  return s;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
function section(doc: Obj, key: string): Obj {
  if (!isObj(doc[key])) doc[key] = {};
  return doc[key] as Obj;
}

function structureMutate(doc: Obj): void {
  for (let k = 1 + int(3); k > 0; k--) {
    const data = section(doc, 'data');
    const features = Array.isArray(data.features) ? (data.features as unknown[]) : ((data.features = [...FEATURES]) as unknown[]);
    switch (int(11)) {
      case 0:
        delete doc[pick(KEYS)];
        break;
      case 1:
        delete data[pick(DATA_KEYS)];
        break;
      case 2:
        doc[pick(KEYS)] = pick(WEIRD);
        break;
      case 3:
        data[pick(DATA_KEYS)] = pick(WEIRD);
        break;
      case 4: // duplicate, reorder or poison the feature list
        if (features.length) features.push(pick(features));
        if (rand() < 0.5) features.push(pick(WEIRD));
        if (rand() < 0.3) features.push(data.target);
        break;
      case 5:
        data.categorical = [pick(['contract_type', 'region', 'churned', '']), ...(rand() < 0.5 ? [pick(WEIRD)] : [])];
        break;
      case 6:
        data.split =
          rand() < 0.5 ? { train: rand(), valid: rand(), test: rand() } : { train: 0.7, valid: 0.15, test: 0.15, holdout: pick(WEIRD) };
        break;
      case 7:
        section(doc, 'training').algorithm = pick(['glm', 'gbm', 'drf', 'xgboost', 'automl', 'GLM', 'deeplearning', '', pick(WEIRD)]);
        break;
      case 8:
        doc.thresholds = { [pick(['auc_min', 'auc', 'rmse_max', '_min', 'x'.repeat(200), '__proto__'])]: pick(WEIRD) };
        break;
      case 9:
        section(doc, 'export').mojo_path = pick([
          'models/churn_model.zip',
          './models/churn_model.zip',
          'models/x.pkl',
          '',
          '\\\\?\\C:\\m.zip',
          pick(WEIRD),
        ]);
        break;
      default: // many features
        data.features = Array.from({ length: 50 + int(500) }, (_, i) => `f${int(i + 1)}`);
    }
  }
}

function mutate(seed: string): string | Buffer {
  const mode = int(10);
  if (mode < 4) return byteMutate(seed);
  if (mode === 9) return Buffer.from(Array.from({ length: int(600) }, () => int(256))); // raw bytes
  let doc: unknown;
  try {
    doc = parse(seed);
  } catch {
    return byteMutate(seed);
  }
  if (!isObj(doc)) return byteMutate(seed);
  structureMutate(doc);
  let text: string;
  try {
    text = stringify(doc, { lineWidth: 0 });
  } catch {
    text = seed;
  }
  return mode < 7 ? text : byteMutate(text);
}

// ---- run ----------------------------------------------------------------------------------
async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-ml-config-'));
  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  write('schemas/churn.json', JSON.stringify(tableSpec(), null, 2));
  write('schemas/broken.json', '{"version": 1, "tables": [');
  writeGlmMojo(path.join(dir, 'models/churn_model.zip'), { numericFeatures: FEATURES, response: 'churned' });
  const started = performance.now();
  let uncaught = 0;
  let withErrors = 0;
  const failures: string[] = [];

  const record = (label: string, input: unknown, error: unknown) => {
    uncaught++;
    if (failures.length < 5) {
      const file = path.join(dir, `crash-${uncaught}.txt`);
      fs.writeFileSync(file, typeof input === 'string' || Buffer.isBuffer(input) ? input : JSON.stringify(input));
      failures.push(`${label}: ${(error as Error)?.stack ?? String(error)}\n  input saved at ${file}`);
    }
  };

  for (let i = 0; i < ITERATIONS; i++) {
    const input = mutate(pick(SEEDS));
    write('ml/config.yaml', input);
    const options: Record<string, string> = {};
    if (rand() < 0.5) options.modelPath = pick(['models/churn_model.zip', 'models/other.zip']);
    if (rand() < 0.4) options.schema = pick(['schemas/churn.json', 'schemas/broken.json', 'schemas/none.json']);
    try {
      const result = await check.run(['ml/config.yaml'], options, { cwd: dir });
      if (!result.ok) withErrors++;
      for (const f of result.findings) {
        if (f.line !== undefined && (!(f.line >= 1) || !((f.column ?? 1) >= 1)))
          throw new Error(`bad position ${f.line}:${f.column} in ${f.rule}`);
      }
    } catch (error) {
      record(`validate-ml-config #${i}`, input, error);
    }
  }

  let contractErrors = 0;
  for (let i = 0; i < CONTRACT_ITERATIONS; i++) {
    const input = mutate(pick(SEEDS));
    write('ml/config.yaml', input);
    write('api/models/prediction.py', rand() < 0.3 ? byteMutate(PREDICTION_PY) : PREDICTION_PY);
    write('pipelines/p/data_exporters/export.py', rand() < 0.3 ? byteMutate(EXPORTER_PY) : EXPORTER_PY);
    const options: Record<string, string> = { config: 'ml/config.yaml', requestModel: 'api/models/prediction.py:PredictionRequest' };
    if (rand() < 0.6) options.mojo = pick(['models/churn_model.zip', 'models/missing.zip']);
    if (rand() < 0.6) options.schema = 'schemas/churn.json';
    if (rand() < 0.6) options.exporter = 'pipelines/p/data_exporters/export.py';
    try {
      const result = await contracts.run([], options, { cwd: dir });
      if (!result.ok) contractErrors++;
    } catch (error) {
      record(`ml-contracts #${i}`, input, error);
    }
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const f of failures) console.error(f);
  console.log(
    `fuzz validate-ml-config: ${ITERATIONS} inputs, ${uncaught} uncaught exceptions, ${withErrors} with error findings; ml-contracts: ${CONTRACT_ITERATIONS} inputs, ${contractErrors} with error findings; ${seconds} s`,
  );
  if (uncaught === 0) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(uncaught === 0 ? 0 : 1);
}

void main();
