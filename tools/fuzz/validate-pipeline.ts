/**
 * Fuzzes the validate-pipeline check: mutated Mage metadata.yaml files (byte-level and
 * structure-aware) run through the real check.run() inside a temp Mage project with block files.
 * Any exception escaping run() is a bug.
 *
 *   node -r @swc-node/register tools/fuzz/validate-pipeline.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { check } from '../../packages/plan/src/checks/validate-pipeline/validate-pipeline';
import { arg, prng } from './lib';

const ITERATIONS = arg('iterations', 10000);
const SEED = arg('seed', 1);

const rand = prng(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

// ---- seeds --------------------------------------------------------------------------------
const decorated = (d: string, fn: string) =>
  `if '${d}' not in globals():\n    from mage_ai.data_preparation.decorators import ${d}\n\n\n@${d}\ndef ${fn}(*args, **kwargs):\n    return {}\n`;

const PROJECT_SEED = `blocks:
- uuid: load
  type: data_loader
  language: python
  configuration:
    file_path: pipelines/p/data_loaders/load.py
  upstream_blocks: []
  downstream_blocks:
  - clean
  - mix
- uuid: clean
  type: transformer
  language: python
  upstream_blocks:
  - load
  downstream_blocks:
  - export
- uuid: mix
  type: custom
  language: sql
  upstream_blocks: [load]
  downstream_blocks: [export]
- uuid: export
  type: data_exporter
  configuration:
    file_source:
      path: data_exporters/export.py
  upstream_blocks: [clean, mix]
  downstream_blocks: []
- uuid: docs/intro
  type: markdown
  language: markdown
callbacks:
- uuid: notify
  type: callback
  upstream_blocks: [export]
widgets:
- uuid: chart
  type: chart
  upstream_blocks: [load]
extensions:
  great_expectations:
    blocks:
    - uuid: expect
      type: extension
      upstream_blocks: [clean]
name: p
type: python
uuid: p
`;

const seeds: string[] = [PROJECT_SEED, 'blocks: []\nname: n\ntype: python\nuuid: n\n', 'name: only\nuuid: only\n'];
// Real Mage files, read in place from ../shared/fixtures beside the repository when present.
const fixtures = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'mage');
if (fs.existsSync(fixtures)) {
  for (const f of fs.readdirSync(fixtures).sort()) {
    if (f.endsWith('.yaml')) seeds.push(fs.readFileSync(path.join(fixtures, f), 'utf8'));
  }
}

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
  'on',
  '0x1F',
  '1e9',
  '.nan',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '💥',
  'é',
  '\r\n',
  'uuid: ',
  'type: ',
  'blocks:',
  'upstream_blocks:',
  'downstream_blocks: [x]',
];
const BLOCK_TYPES = [
  'data_loader',
  'transformer',
  'data_exporter',
  'custom',
  'sensor',
  'markdown',
  'dbt',
  'chart',
  'callback',
  'scratchpad',
  'bogus',
  '',
  'DATA_LOADER',
];
const WEIRD_VALUES: unknown[] = [
  null,
  0,
  -1,
  3.5,
  true,
  false,
  '',
  ' ',
  'x',
  '../..',
  '/',
  '/dev/null',
  '/dev/zero',
  'a/b/c',
  '..\\..',
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
];
const LANGUAGES = ['python', 'sql', 'r', 'yaml', 'markdown', 'rust', 'constructor', null, 1];

function byteMutate(text: string): string {
  const ops = 1 + int(4);
  let s = text;
  for (let k = 0; k < ops; k++) {
    const at = int(s.length + 1);
    const lines = s.split('\n');
    switch (int(8)) {
      case 0: // flip a character
        if (s.length > 0)
          s = s.slice(0, at) + String.fromCharCode(s.charCodeAt(Math.min(at, s.length - 1)) ^ (1 << int(7))) + s.slice(at + 1);
        break;
      case 1: // truncate
        s = s.slice(0, at);
        break;
      case 2: // duplicate a line
        if (lines.length > 0) {
          const i = int(lines.length);
          lines.splice(i, 0, lines[i]);
          s = lines.join('\n');
        }
        break;
      case 3: // delete a line
        if (lines.length > 1) {
          lines.splice(int(lines.length), 1);
          s = lines.join('\n');
        }
        break;
      case 4: // swap two lines
        if (lines.length > 1) {
          const i = int(lines.length);
          const j = int(lines.length);
          [lines[i], lines[j]] = [lines[j], lines[i]];
          s = lines.join('\n');
        }
        break;
      case 5: // re-indent a line
        if (lines.length > 0) {
          const i = int(lines.length);
          lines[i] = ' '.repeat(int(5)) + lines[i].trimStart();
          s = lines.join('\n');
        }
        break;
      default: // insert a token
        s = s.slice(0, at) + pick(TOKENS) + s.slice(at);
    }
  }
  return s;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function blocksOf(doc: Obj): Obj[] {
  return Array.isArray(doc.blocks) ? (doc.blocks.filter(isObj) as Obj[]) : [];
}
function uuidsOf(doc: Obj): string[] {
  return blocksOf(doc).map((b) => String(b.uuid));
}
function pushRef(block: Obj, key: string, uuid: string) {
  if (!Array.isArray(block[key])) block[key] = [];
  (block[key] as unknown[]).push(uuid);
}

function structureMutate(doc: Obj): void {
  const ops = 1 + int(3);
  for (let k = 0; k < ops; k++) {
    const blocks = blocksOf(doc);
    const block = blocks.length > 0 ? pick(blocks) : undefined;
    switch (int(12)) {
      case 0: // drop a pipeline key
        delete doc[pick(['blocks', 'uuid', 'type', 'name', 'callbacks', 'widgets', 'extensions'])];
        break;
      case 1: // drop a block key
        if (block) delete block[pick(['uuid', 'type', 'language', 'configuration', 'upstream_blocks', 'downstream_blocks'])];
        break;
      case 2: // swap a value's type
        if (block && rand() < 0.7)
          block[pick(['uuid', 'type', 'language', 'configuration', 'upstream_blocks', 'downstream_blocks'])] = pick(WEIRD_VALUES);
        else doc[pick(['blocks', 'uuid', 'type', 'name', 'callbacks', 'widgets', 'extensions', 'conditionals'])] = pick(WEIRD_VALUES);
        break;
      case 3: // add a random edge (maybe one-sided)
        if (blocks.length > 0) {
          const a = pick(blocks);
          const b = pick(blocks);
          pushRef(a, 'downstream_blocks', String(b.uuid));
          if (rand() < 0.5) pushRef(b, 'upstream_blocks', String(a.uuid));
        }
        break;
      case 4: {
        // close a cycle through several blocks
        const uuids = uuidsOf(doc);
        if (uuids.length > 0) {
          const ring = Array.from({ length: 1 + int(Math.min(4, uuids.length)) }, () => pick(blocks));
          ring.forEach((b, i) =>
            pushRef(b, rand() < 0.5 ? 'downstream_blocks' : 'upstream_blocks', String(ring[(i + 1) % ring.length].uuid)),
          );
        }
        break;
      }
      case 5: // dangling reference
        if (block) pushRef(block, pick(['upstream_blocks', 'downstream_blocks']), pick(['ghost', 'a/b', '', '💥']));
        break;
      case 6: // duplicate a block
        if (block && Array.isArray(doc.blocks)) doc.blocks.push(JSON.parse(JSON.stringify(block)));
        break;
      case 7: // change a block type or language
        if (block) {
          if (rand() < 0.6) block.type = pick(BLOCK_TYPES);
          else block.language = pick(LANGUAGES);
        }
        break;
      case 8: // odd file locations
        if (block) block.configuration = rand() < 0.5 ? { file_path: pick(WEIRD_VALUES) } : { file_source: { path: pick(WEIRD_VALUES) } };
        break;
      case 9: // nested or hostile uuid
        if (block) block.uuid = pick(['a/b', 'a/b/c', '../escape', '/abs', 'x'.repeat(300), 'é', 'data_loaders', '.']);
        break;
      case 10: // many blocks
        if (Array.isArray(doc.blocks)) {
          const n = 20 + int(200);
          for (let i = 0; i < n; i++)
            doc.blocks.push({
              uuid: `g${i}`,
              type: pick(BLOCK_TYPES),
              upstream_blocks: i > 0 ? [`g${int(i)}`] : [],
              downstream_blocks: [`g${int(n)}`],
            });
        }
        break;
      default: // side lists
        doc[pick(['callbacks', 'widgets', 'conditionals'])] = [
          { uuid: `side${int(5)}`, type: pick(BLOCK_TYPES), upstream_blocks: [pick(uuidsOf(doc).concat(['ghost']))] },
        ];
        if (rand() < 0.3)
          doc.extensions = {
            ext: rand() < 0.5 ? { blocks: [{ uuid: 'e', type: 'extension', upstream_blocks: ['ghost'] }] } : pick(WEIRD_VALUES),
          };
    }
  }
}

function mutate(seed: string): string {
  const mode = int(3);
  if (mode === 0) return byteMutate(seed);
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
    text = stringify(doc, { aliasDuplicateObjects: false });
  } catch {
    return byteMutate(seed);
  }
  return mode === 2 ? byteMutate(text) : text;
}

// ---- run ----------------------------------------------------------------------------------
async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-validate-pipeline-'));
  const files: Record<string, string> = {
    'metadata.yaml': 'project_uuid: fuzz\n',
    'io_config.yaml': 'version: 0.1.1\n',
    'pipelines/p/data_loaders/load.py': decorated('data_loader', 'load_data'),
    'transformers/clean.py': decorated('transformer', 'transform'),
    'custom/mix.sql': 'SELECT 1;\n',
    'data_exporters/export.py': decorated('data_exporter', 'export_data'),
    'markdowns/docs/intro.md': '# Intro\n',
    'extensions/expect.py': '# great expectations\n',
    'callbacks/notify.py': '@callback\ndef f(*a):\n    pass\n',
    'transformers/a/b.py': decorated('transformer', 'transform'),
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  const inProject = path.join('pipelines', 'p', 'metadata.yaml');
  const loose = 'loose.yaml';

  // The project seed itself must pass, or the fuzzer measures nothing but noise.
  fs.writeFileSync(path.join(root, inProject), PROJECT_SEED);
  const baseline = await check.run([inProject], {}, { cwd: root });
  if (!baseline.ok || baseline.findings.length > 0) throw new Error(`seed does not pass cleanly: ${JSON.stringify(baseline.findings)}`);

  const started = Date.now();
  let exceptions = 0;
  let withErrors = 0;
  let findings = 0;
  const errorRules = new Map<string, number>();
  for (let i = 0; i < ITERATIONS; i++) {
    const text = mutate(pick(seeds));
    const target = rand() < 0.75 ? inProject : loose;
    fs.writeFileSync(path.join(root, target), text);
    const options = rand() < 0.5 ? {} : { requireBlocks: pick(['none', 'data_loader,transformer,data_exporter', 'sensor']) };
    try {
      const result = await check.run([target], options, { cwd: root });
      if (!result.ok) withErrors++;
      findings += result.findings.length;
      for (const f of result.findings) if (f.severity === 'error') errorRules.set(f.rule, (errorRules.get(f.rule) ?? 0) + 1);
      for (const f of result.findings) {
        if (
          typeof f.rule !== 'string' ||
          typeof f.message !== 'string' ||
          (f.line !== undefined && !(f.line >= 1)) ||
          (f.column !== undefined && !(f.column >= 1))
        ) {
          throw new Error(`malformed finding ${JSON.stringify(f)}`);
        }
      }
    } catch (error) {
      exceptions++;
      if (exceptions <= 5) {
        const saved = path.join(os.tmpdir(), `fuzz-validate-pipeline-crash-${SEED}-${i}.yaml`);
        fs.writeFileSync(saved, text);
        console.error(`iteration ${i}: ${(error as Error).stack ?? error}\n  input saved to ${saved}`);
      }
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  fs.rmSync(root, { recursive: true, force: true });
  console.log(
    `fuzz validate-pipeline: ${ITERATIONS} inputs, ${exceptions} uncaught exceptions, ${withErrors} with error findings, ${findings} findings, ${seconds} s (seed ${SEED})`,
  );
  if (process.argv.includes('--verbose'))
    console.log(
      [...errorRules]
        .sort((a, b) => b[1] - a[1])
        .map(([r, n]) => `  ${r}: ${n}`)
        .join('\n'),
    );
  process.exit(exceptions > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
