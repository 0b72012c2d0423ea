/**
 * Fuzzes validate-mojo: mutated MOJOs (byte flips inside the zip, truncations, model.ini and domain
 * text mutations re-zipped with our zip writer, hostile entry names, exploded folders) run
 * through the real check. Counts uncaught exceptions (must be 0).
 *
 *   node -r @swc-node/register tools/fuzz/validate-mojo.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-mojo/validate-mojo';
import { glmMojoEntries } from '../../packages/plan/src/testing/glm-mojo';
import { ZipEntry, zipBuffer } from '../../packages/plan/src/testing/zip-writer';
import { arg, prng } from './lib';

const iterations = arg('iterations', 10000);
const seed = arg('seed', 1);

const rand = prng(seed);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

const TOKENS = [
  '=',
  '[',
  ']',
  ':',
  '#',
  ',',
  ' ',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '"',
  '""',
  'null',
  'true',
  'false',
  '0',
  '1',
  '-1',
  '1.0',
  '9.99',
  '1e309',
  'NaN',
  '2147483648',
  '[1, 0, 2]',
  '[]',
  '[,]',
  '[info]',
  '[columns]',
  '[domains]',
  'n_columns = 3',
  'beta = ',
  '..',
  '/',
  '\\',
  'é',
  '漢字',
  '\u0000',
  '\uFEFF',
  '🙂',
  'x'.repeat(300),
];

const glmSeeds: Array<ReturnType<typeof glmMojoEntries>> = [
  glmMojoEntries(),
  glmMojoEntries({
    numericFeatures: ['age', 'income'],
    categoricalFeatures: [{ name: 'region', levels: ['n', 's', 'e'] }],
    response: 'churn',
    responseDomain: ['no', 'yes'],
  }),
  glmMojoEntries({ categoricalFeatures: [{ name: 'c', levels: ['a', '"quoted"', 'b'] }], useAllFactorLevels: true }),
];
const fixtureZips: Buffer[] = [];
// ../shared/fixtures beside the repository (read in place when present; shared-fixtures.ts needs jest).
const fixtures = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures');
if (fs.existsSync(fixtures)) {
  for (const f of [
    'pipeline__glm_model.zip',
    'xgboost__xgboost_java.zip',
    'ensemble__binomial_without_useless_models.zip',
    'genmodel__mojo.zip',
  ]) {
    const p = path.join(fixtures, 'mojo', f);
    if (fs.existsSync(p)) fixtureZips.push(fs.readFileSync(p));
  }
}

function mutateText(text: string): string {
  const lines = text.split('\n');
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    const i = int(lines.length);
    switch (int(8)) {
      case 0:
        lines.splice(i, 0, lines[int(lines.length)] ?? '');
        break; // duplicate a line
      case 1:
        lines.splice(i, 1);
        break; // delete a line
      case 2: {
        const l = lines[i] ?? '';
        const at = int(l.length + 1);
        lines[i] = l.slice(0, at) + pick(TOKENS) + l.slice(at);
        break;
      }
      case 3:
        lines[i] = (lines[i] ?? '').replace(/\d+(\.\d+)?/, pick(['0', '1', '-3', '1.5', '99', '', 'x', '1.0.0']));
        break;
      case 4:
        lines[i] = (lines[i] ?? '').replace(/=.*/, `= ${pick(TOKENS)}`);
        break;
      case 5: {
        const j = int(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        break;
      }
      case 6:
        lines[i] = pick(TOKENS);
        break;
      default:
        lines.splice(
          i,
          0,
          `${pick(['algorithm', 'category', 'mojo_version', 'n_columns', 'cats', 'nums', 'cat_offsets', 'beta', 'link', 'family', 'supervised', 'n_trees'])} = ${pick(TOKENS)}`,
        );
    }
  }
  return lines.join('\n');
}

function structuralZip(): Buffer {
  const base = pick(glmSeeds);
  let entries: ZipEntry[] = base.entries.map((e) => ({ ...e }));
  const kind = int(6);
  if (kind <= 2) {
    const ini = entries.find((e) => e.name === 'model.ini');
    if (ini) ini.data = mutateText(String(ini.data));
  } else if (kind === 3) {
    const dom = entries.find((e) => e.name.startsWith('domains/'));
    if (dom) dom.data = mutateText(String(dom.data));
  } else if (kind === 4) {
    const e = pick(entries);
    e.name = pick([
      `../${e.name}`,
      `/${e.name}`,
      `top/${e.name}`,
      e.name.toUpperCase(),
      `${e.name}/`,
      `C:${e.name}`,
      e.name.replace('/', '\\'),
      '',
    ]);
  } else {
    entries = pick([
      () => [...entries, ...entries.slice(0, 1)],
      () => entries.slice(1),
      () => [...entries, { name: '__MACOSX/._model.ini', data: 'junk' }, { name: 'trees/' }],
      () => [...entries, { name: 'experimental/modelDetails.json', data: pick(['{', '[]', 'null', '{"output": 3}']) }],
      () => entries.map((e) => ({ ...e, method: 'store' as const })),
    ])();
  }
  return zipBuffer(entries);
}

function byteMutation(): Buffer {
  const source = fixtureZips.length > 0 && rand() < 0.5 ? pick(fixtureZips) : zipBuffer(pick(glmSeeds).entries);
  const out = Buffer.from(source);
  const kind = int(4);
  if (kind === 0) return out.subarray(0, int(out.length)); // truncation
  if (kind === 1) {
    // Flip bytes near the end (central directory, end record): the most fragile part.
    for (let n = 1 + int(4); n > 0; n--) out[Math.max(0, out.length - 1 - int(Math.min(out.length, 400)))] ^= 1 << int(8);
    return out;
  }
  if (kind === 2) {
    const at = int(out.length);
    return Buffer.concat([out.subarray(0, at), out.subarray(at, at + int(64)), out.subarray(at)]); // duplicate a slice
  }
  for (let n = 1 + int(8); n > 0; n--) out[int(out.length)] = int(256);
  return out;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-validate-mojo-'));
  let exceptions = 0;
  let withErrors = 0;
  let slowest = 0;
  const started = Date.now();
  try {
    for (let i = 0; i < iterations; i++) {
      const roll = rand();
      let target: string;
      if (roll < 0.08) {
        // Exploded folder with mutated model.ini.
        target = path.join(dir, `f${i}`);
        for (const e of pick(glmSeeds).entries) {
          const file = path.join(target, e.name);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, e.name === 'model.ini' ? mutateText(String(e.data)) : (e.data ?? ''));
        }
      } else {
        target = path.join(dir, `z${i}.zip`);
        fs.writeFileSync(target, roll < 0.55 ? structuralZip() : byteMutation());
      }
      const t = Date.now();
      try {
        const result = await check.run([path.basename(target)], {}, { cwd: dir });
        if (!result.ok) withErrors++;
        JSON.stringify(result);
      } catch (error) {
        exceptions++;
        if (exceptions <= 5) console.error(`iteration ${i}:`, error);
      }
      slowest = Math.max(slowest, Date.now() - t);
      fs.rmSync(target, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz validate-mojo: ${iterations} inputs, ${exceptions} uncaught exceptions, ${withErrors} with error findings, ${seconds} s (slowest input ${slowest} ms, seed ${seed})`,
  );
  process.exit(exceptions > 0 ? 1 : 0);
}

void main();
