/**
 * Fuzzes the plan.yaml loader through the checks layer (model, graph, check names and options):
 * mutates valid plans (examples/diamond, the ml-app preset, the built-in sample plans) with byte
 * and line edits, YAML-aware tokens, alias bombs, recursive and dangling aliases, huge scalars, deep
 * nesting, control and bidi characters, invalid UTF-8, unknown checks and options; writes each to
 * a file and loads it as `plan validate` does. Fails (exit 1) on any uncaught exception, a result
 * with neither a plan nor a diagnostic, a diagnostic without a position, or a printed diagnostic
 * holding a stack trace or an unescaped control character.
 *
 *   node -r @swc-node/register tools/fuzz/plan-yaml.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCheckedPlanFile } from '../../packages/plan/src/checks/check-options';
import { buildContext } from '../../packages/plan/src/kinds/ml-app/context';
import { mlAppPlan } from '../../packages/plan/src/kinds/ml-app/plan';
import { formatDiagnostics } from '../../packages/plan/src/model/diagnostics';
import { PLAN_YAML_MAX_BYTES } from '../../packages/plan/src/model/source-text';
import { diamondPlan, seed000ShapePlan, toYaml } from '../../packages/plan/src/testing/sample-plans';
import { arg, HOSTILE_TEXT, printedProblem, prng, withInvalidUtf8 } from './lib';

const iterations = arg('iterations', 10000);
const random = prng(arg('seed', 1));
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)];

const mlApp = mlAppPlan(
  buildContext({ name: 'churn', projectName: 'Churn Predictor', schemaName: 'customers', pipelineName: 'etl', modelName: 'glm' }),
);
const seeds = [
  fs.readFileSync(path.join(__dirname, '../../examples/diamond/plan.yaml'), 'utf8'),
  toYaml(mlApp),
  toYaml(diamondPlan()),
  toYaml(seed000ShapePlan()),
];

const TOKENS = [
  ': ',
  '- ',
  '  ',
  '\t',
  '#',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '<<: *a',
  '!!str ',
  '!!binary ',
  '!custom ',
  '%YAML 1.2\n---\n',
  '---\n',
  '...\n',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '|',
  '>-',
  '?',
  ',',
  'null',
  '~',
  'true',
  '0x10',
  '1e309',
  '-1',
  '99999999999999999999',
  '.inf',
  '__proto__',
  'constructor',
  'uses: scan-dockerfle',
  'uses: nope',
  'with: { allowSingleStages: true }',
  'with: { timeout: soon }',
  'with: { paths: 7 }',
  'with: { hints: [] }',
  'dependsOn: [nope]',
  'key: Not-Kebab',
  '../../etc/passwd',
  '/abs/path',
  ...HOSTILE_TEXT,
];

/** A billion-laughs document of `levels` levels of `width` aliases. */
function aliasBomb(levels: number, width: number): string {
  let text = `a0: &a0 [${Array(width).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i <= levels; i++)
    text += `a${i}: &a${i} [${Array(width)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

const WHOLE: ((text: string) => string | Buffer)[] = [
  // Alias bombs: on top, or as the value of an option.
  (t) => aliasBomb(3 + int(8), 2 + int(9)) + t,
  (t) => t.replace(/with:\n/, `with:\n              bomb: &x0 [1, 2, 3, 4, 5, 6, 7, 8, 9]\n${deepAliases()}`),
  // Recursive and dangling aliases.
  (t) => t.replace(/^phases:/m, 'phases: &loop\n  - *loop\nx-phases:'),
  (t) => t.replace(/title: (.*)/, 'title: *missing'),
  // Huge scalars: under and over the size cap.
  (t) => t.replace(/title: (.*)/, `title: "${'x'.repeat(int(PLAN_YAML_MAX_BYTES / 4))}"`),
  (t) => t + `notes: ${'y'.repeat(PLAN_YAML_MAX_BYTES + int(1000))}\n`,
  (t) => t + `notes: |\n${'  line\n'.repeat(1000 + int(100000))}`,
  // A flood of syntax errors (one per line) within the cap.
  (t) => `- ${'x\n'.repeat(1000 + int(200000))}` + t,
  // Deep nesting: flow and block.
  (t) => t + `notes: ${'['.repeat(int(300000))}${']'.repeat(int(300000))}\n`,
  (t) => t + `notes: ${'- '.repeat(int(300000))}x\n`,
  (t) => t + `notes: ${'&a !t '.repeat(1 + int(1000))}x\n`,
  (t) => t + `overview:\n${Array.from({ length: 50 + int(1400) }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')}\n`,
  (t) => t + `notes: ${'{a: '.repeat(int(2000))}1${'}'.repeat(int(2000))}\n`,
  // Control and bidi characters in names, keys, paths and check names.
  (t) => t.replace(/(path|key|uses|title|name): (.*)/g, (m, k, v) => (random() < 0.3 ? `${k}: "${v}${pick(HOSTILE_TEXT)}"` : m)),
  (t) => t.replace(/(\w+):/, (m, k) => `"${k}${pick(HOSTILE_TEXT)}":`),
  // Invalid UTF-8 anywhere.
  (t) => withInvalidUtf8(t, random),
  // A leading BOM, CRLF line ends.
  (t) => '\uFEFF' + t,
  (t) => t.split('\n').join('\r\n'),
];

function deepAliases(): string {
  let out = '';
  for (let i = 1; i <= 8; i++)
    out += `              bomb${i}: &x${i} [${Array(9)
      .fill(`*x${i - 1}`)
      .join(', ')}]\n`;
  return out;
}

function mutate(text: string): string | Buffer {
  if (random() < 0.3) {
    const whole = pick(WHOLE)(text);
    if (typeof whole !== 'string' || random() < 0.5) return whole;
    text = whole;
  }
  let lines = text.split('\n');
  for (let round = 1 + int(4); round > 0; round--) {
    const op = int(7);
    const i = int(lines.length);
    if (op === 0) {
      const chars = [...lines[i]];
      if (chars.length) chars[int(chars.length)] = String.fromCharCode(int(0x3000));
      lines[i] = chars.join('');
    } else if (op === 1) {
      const joined = lines.join('\n');
      lines = joined.slice(0, int(joined.length + 1)).split('\n');
    } else if (op === 2) lines.splice(i, 0, ...lines.slice(i, i + 1 + int(6)));
    else if (op === 3) lines.splice(i, 1 + int(3));
    else if (op === 4) [lines[i], lines[int(lines.length)]] = [lines[int(lines.length)], lines[i]];
    else if (op === 5) {
      const at = int((lines[i] ?? '').length + 1);
      lines[i] = (lines[i] ?? '').slice(0, at) + pick(TOKENS) + (lines[i] ?? '').slice(at);
    } else lines[i] = (lines[i] ?? '').replace(/^(\s*)/, (m) => (random() < 0.5 ? m.slice(1) : ` ${m}`));
  }
  return lines.join('\n');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-plan-yaml-'));
const file = path.join(dir, 'plan.yaml');
const started = Date.now();
let failures = 0;
let withErrors = 0;
let valid = 0;
let slowest = { ms: 0, iteration: -1 };
const fail = (i: number, what: string, input: string | Buffer) => {
  failures++;
  if (failures <= 5) console.error(`iteration ${i}: ${what}\n--- input (first 1000 bytes) ---\n${input.slice(0, 1000).toString()}\n`);
};
for (let i = 0; i < iterations; i++) {
  const input = mutate(seeds[i % seeds.length]);
  fs.writeFileSync(file, input);
  const t0 = Date.now();
  try {
    const { plan, diagnostics } = loadCheckedPlanFile(file, 'plans/fuzz/plan.yaml');
    const ms = Date.now() - t0;
    if (ms > slowest.ms) slowest = { ms, iteration: i };
    if (plan) {
      valid++;
      continue;
    }
    withErrors++;
    if (diagnostics.length === 0) fail(i, 'no plan and no diagnostic', input);
    const unplaced = diagnostics.find((d) => !(d.line >= 1 && d.column >= 1));
    if (unplaced) fail(i, `diagnostic without a position: ${JSON.stringify(unplaced).slice(0, 300)}`, input);
    const problem = printedProblem(formatDiagnostics(diagnostics));
    if (problem) fail(i, `${problem}:\n${formatDiagnostics(diagnostics).slice(0, 1000)}`, input);
  } catch (error) {
    fail(i, `uncaught: ${(error as Error).stack}`, input);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `fuzz plan-yaml: ${iterations} inputs (${seeds.length} seed plans), ${failures} failures (uncaught exceptions, unplaced or unprintable diagnostics), ${withErrors} with error diagnostics, ${valid} valid, slowest ${slowest.ms} ms (iteration ${slowest.iteration}), ${seconds} s`,
);
process.exit(failures > 0 ? 1 : 0);
