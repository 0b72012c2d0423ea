import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckResult, CheckUsageError, Finding } from '../contract';
import { runCheck } from '../run-check';
import { check } from './validate-pipeline';

/** Builds self-contained Mage projects in temp dirs and runs the real check on them. */

interface BlockSpec {
  uuid: string;
  type: string;
  language?: string;
  filePath?: string;
  upstream?: string[];
  downstream?: string[];
}

function blockYaml(b: BlockSpec): string {
  const lines = [`- uuid: ${b.uuid}`, `  type: ${b.type}`];
  if (b.language) lines.push(`  language: ${b.language}`);
  if (b.filePath) lines.push('  configuration:', `    file_path: ${b.filePath}`);
  const list = (key: string, items: string[] | undefined) => {
    if (!items || items.length === 0) lines.push(`  ${key}: []`);
    else lines.push(`  ${key}:`, ...items.map((i) => `  - ${i}`));
  };
  list('upstream_blocks', b.upstream);
  list('downstream_blocks', b.downstream);
  return lines.join('\n');
}

function pipelineYaml(uuid: string, blocks: BlockSpec[], extra = ''): string {
  return ['blocks:', ...blocks.map(blockYaml), `name: ${uuid}`, 'type: python', `uuid: ${uuid}`, extra].join('\n') + '\n';
}

function decorated(decorator: string, fn: string): string {
  return [
    `if '${decorator}' not in globals():`,
    `    from mage_ai.data_preparation.decorators import ${decorator}`,
    `if 'test' not in globals():`,
    `    from mage_ai.data_preparation.decorators import test`,
    '',
    '',
    `@${decorator}`,
    `def ${fn}(*args, **kwargs):`,
    '    return {}',
    '',
    '',
    '@test',
    'def test_output(output, *args) -> None:',
    "    assert output is not None, 'The output is undefined'",
    '',
  ].join('\n');
}
const LOADER = decorated('data_loader', 'load_data');
const TRANSFORMER = decorated('transformer', 'transform');
const EXPORTER = decorated('data_exporter', 'export_data');

function makeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vp-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** 1-based line of the nth (0-based) line containing `needle`, and the column where it starts. */
function lineOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i].indexOf(needle);
    if (col !== -1 && seen++ === nth) return { line: i + 1, column: col + 1 };
  }
  throw new Error(`"${needle}" not found`);
}

/** The standard plan layout: block files inside the pipeline folder, reached via file_path. */
const ETL_BLOCKS: BlockSpec[] = [
  { uuid: 'load', type: 'data_loader', language: 'python', filePath: 'pipelines/etl/data_loaders/load.py', downstream: ['clean'] },
  {
    uuid: 'clean',
    type: 'transformer',
    language: 'python',
    filePath: 'pipelines/etl/transformers/clean.py',
    upstream: ['load'],
    downstream: ['export'],
  },
  { uuid: 'export', type: 'data_exporter', language: 'python', filePath: 'pipelines/etl/data_exporters/export.py', upstream: ['clean'] },
];

function etlProject(blocks = ETL_BLOCKS, overrides: Record<string, string> = {}): { root: string; yaml: string } {
  const yaml = pipelineYaml('etl', blocks);
  const root = makeProject({
    'metadata.yaml': 'project_uuid: demo\n',
    'io_config.yaml': 'version: 0.1.1\n',
    'pipelines/etl/__init__.py': '',
    'pipelines/etl/metadata.yaml': yaml,
    'pipelines/etl/data_loaders/load.py': LOADER,
    'pipelines/etl/transformers/clean.py': TRANSFORMER,
    'pipelines/etl/data_exporters/export.py': EXPORTER,
    ...overrides,
  });
  return { root, yaml };
}

async function run(root: string, paths: string[], options: Record<string, unknown> = {}): Promise<CheckResult> {
  return check.run(paths, options, { cwd: root });
}

function only(result: CheckResult, rule: string): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

const META = path.join('pipelines', 'etl', 'metadata.yaml');

describe('validate-pipeline: valid projects', () => {
  it('passes loader → transformer → exporter with files in the pipeline folder via configuration.file_path', async () => {
    const { root } = etlProject();
    const result = await run(root, ['pipelines/etl']);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    const meta = (result.metadata as any).pipelines[0];
    expect(meta).toMatchObject({
      file: META,
      uuid: 'etl',
      name: 'etl',
      type: 'python',
      blocks: 3,
      blockCounts: { data_loader: 1, transformer: 1, data_exporter: 1 },
      edges: [
        ['load', 'clean'],
        ['clean', 'export'],
      ],
      topologicalOrder: ['load', 'clean', 'export'],
      blockFilesChecked: 3,
      projectRoot: '.',
    });
  });

  it('passes with block files at the project root by convention (<type>s/<uuid>.py), given the metadata.yaml path', async () => {
    const blocks = ETL_BLOCKS.map(({ filePath: _f, ...b }) => b);
    const root = makeProject({
      'pipelines/etl/metadata.yaml': pipelineYaml('etl', blocks),
      'data_loaders/load.py': LOADER,
      'transformers/clean.py': TRANSFORMER,
      'data_exporters/export.py': EXPORTER,
    });
    const result = await run(root, [META]);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect((result.metadata as any).pipelines[0].blockFilesChecked).toBe(3);
  });

  it('accepts sql blocks and markdown stored as .py without decorators, custom/ singular, and absolute paths', async () => {
    const blocks: BlockSpec[] = [
      { uuid: 'notes', type: 'markdown', language: 'markdown', filePath: 'markdowns/notes.py' },
      { uuid: 'load', type: 'data_loader', language: 'sql', downstream: ['clean'] },
      { uuid: 'clean', type: 'transformer', upstream: ['load'], downstream: ['export', 'mix'] },
      { uuid: 'mix', type: 'custom', language: 'python', upstream: ['clean'] },
      { uuid: 'export', type: 'data_exporter', language: 'r', upstream: ['clean'] },
    ];
    const root = makeProject({
      'pipelines/etl/metadata.yaml': pipelineYaml('etl', blocks),
      'markdowns/notes.py': '# Notes\nNo decorator here.\n',
      'data_loaders/load.sql': 'SELECT 1;\n',
      'transformers/clean.py': TRANSFORMER,
      'custom/mix.py': decorated('custom', 'mix'),
      'data_exporters/export.r': 'export_data <- function(df) {}\n',
    });
    const absolute = path.join(root, META);
    const result = await run(os.tmpdir(), [absolute]);
    expect(result.findings).toEqual([]);
    expect((result.metadata as any).pipelines[0].file).toBe(absolute);
    expect((result.metadata as any).pipelines[0].blockFilesChecked).toBe(5);
  });

  it('checks several pipelines in one run', async () => {
    const { root } = etlProject();
    fs.mkdirSync(path.join(root, 'pipelines', 'empty'));
    fs.writeFileSync(path.join(root, 'pipelines', 'empty', 'metadata.yaml'), 'blocks: []\nname: empty\ntype: python\nuuid: empty\n');
    const result = await run(root, ['pipelines/etl', 'pipelines/empty/metadata.yaml']);
    const pipelines = (result.metadata as any).pipelines;
    expect(pipelines.map((p: any) => p.uuid)).toEqual(['etl', 'empty']);
    // The empty pipeline fails the plan's rule three times, the etl one not at all.
    expect(only(result, 'pipeline/missing-block-type').map((f) => [f.file, f.line, f.column])).toEqual([
      ['pipelines/empty/metadata.yaml', 1, 1],
      ['pipelines/empty/metadata.yaml', 1, 1],
      ['pipelines/empty/metadata.yaml', 1, 1],
    ]);
    expect(result.ok).toBe(false);
  });
});

describe('validate-pipeline: graph rules', () => {
  it('reports a cycle as its path, at the edge that closes it', async () => {
    const blocks: BlockSpec[] = [
      { uuid: 'load', type: 'data_loader', filePath: 'pipelines/etl/data_loaders/load.py', upstream: ['clean'], downstream: ['clean'] },
      {
        uuid: 'clean',
        type: 'transformer',
        filePath: 'pipelines/etl/transformers/clean.py',
        upstream: ['load'],
        downstream: ['load', 'export'],
      },
      { uuid: 'export', type: 'data_exporter', filePath: 'pipelines/etl/data_exporters/export.py', upstream: ['clean'] },
    ];
    const { root, yaml } = etlProject(blocks);
    const result = await run(root, ['pipelines/etl']);
    const cycles = only(result, 'pipeline/cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0].message).toContain('load → clean → load');
    expect(cycles[0].severity).toBe('error');
    expect(cycles[0].file).toBe(META);
    // load's `upstream_blocks: - clean` is the first declaration of the edge clean → load.
    const upstreamKey = lineOf(yaml, 'upstream_blocks:');
    expect([cycles[0].line, cycles[0].column]).toEqual([upstreamKey.line + 1, 5]);
    expect(result.ok).toBe(false);
    expect((result.metadata as any).pipelines[0].topologicalOrder).toBeNull();
  });

  it('finds a cycle declared only through upstream_blocks, and a self-loop', async () => {
    const text = [
      'blocks:',
      '- uuid: a',
      '  type: data_loader',
      '  upstream_blocks: [c]',
      '- uuid: b',
      '  type: transformer',
      '  upstream_blocks: [a]',
      '- uuid: c',
      '  type: data_exporter',
      '  upstream_blocks: [b, c]',
      'name: p',
      'type: python',
      'uuid: p',
    ].join('\n');
    const root = makeProject({ 'p.yaml': text });
    const result = await run(root, ['p.yaml']);
    const messages = only(result, 'pipeline/cycle').map((f) => [f.line, f.column, f.message.split('. ')[0]]);
    expect(messages).toEqual([
      [4, 21, 'Circular dependency: a → b → c → a'],
      [10, 24, 'Circular dependency: c → c'],
    ]);
  });

  it('keeps callbacks and widgets out of the cycle check but checks their references', async () => {
    const text =
      pipelineYaml('p', [
        { uuid: 'load', type: 'data_loader', downstream: ['clean', 'chart1'] },
        { uuid: 'clean', type: 'transformer', upstream: ['load'], downstream: ['export'] },
        { uuid: 'export', type: 'data_exporter', upstream: ['clean'] },
      ]) +
      [
        'callbacks:',
        '- uuid: notify',
        '  type: callback',
        '  upstream_blocks: [export, exprot]',
        'widgets:',
        '- uuid: chart1',
        '  type: chart',
        '  upstream_blocks: [load]',
        '  downstream_blocks: [load]',
      ].join('\n') +
      '\n';
    const root = makeProject({ 'p.yaml': text });
    const result = await run(root, ['p.yaml']);
    expect(only(result, 'pipeline/cycle')).toEqual([]);
    const dangling = only(result, 'pipeline/dangling-reference');
    expect(dangling.map((f) => [f.line, f.column])).toEqual([[lineOf(text, 'exprot').line, lineOf(text, 'exprot').column]]);
    expect(dangling[0].message).toContain('"exprot"');
    expect((result.metadata as any).pipelines[0].otherBlocks).toBe(2);
  });

  it('reports dangling references in extension blocks', async () => {
    const text =
      pipelineYaml(
        'p',
        ETL_BLOCKS.map(({ filePath: _f, ...b }) => b),
      ) +
      [
        'extensions:',
        '  great_expectations:',
        '    blocks:',
        '    - uuid: expect_x',
        '      type: extension',
        '      upstream_blocks: [nope]',
      ].join('\n') +
      '\n';
    const root = makeProject({ 'p.yaml': text });
    const result = await run(root, ['p.yaml']);
    expect(only(result, 'pipeline/dangling-reference').map((f) => [f.line, f.column])).toEqual([
      [lineOf(text, '[nope]').line, lineOf(text, '[nope]').column + 1],
    ]);
  });

  it('reports a duplicate uuid at the duplicate', async () => {
    const blocks = [
      ...ETL_BLOCKS,
      { uuid: 'clean', type: 'transformer', filePath: 'pipelines/etl/transformers/clean.py', upstream: ['load'] },
    ];
    const { root, yaml } = etlProject(blocks);
    const result = await run(root, ['pipelines/etl']);
    const dup = only(result, 'pipeline/duplicate-uuid');
    expect(dup).toHaveLength(1);
    const second = lineOf(yaml, '- uuid: clean', 1);
    expect([dup[0].file, dup[0].line, dup[0].column, dup[0].severity]).toEqual([META, second.line, 9, 'error']);
    expect(dup[0].message).toContain(`first at line ${lineOf(yaml, '- uuid: clean').line}`);
    expect(result.ok).toBe(false);
  });

  it('reports a dangling reference at its list item', async () => {
    const blocks = ETL_BLOCKS.map((b) => (b.uuid === 'clean' ? { ...b, upstream: ['lod'] } : b));
    const { root, yaml } = etlProject(blocks);
    const result = await run(root, ['pipelines/etl']);
    const dangling = only(result, 'pipeline/dangling-reference');
    expect(dangling.map((f) => [f.file, f.line, f.column, f.severity])).toEqual([[META, lineOf(yaml, '- lod').line, 5, 'error']]);
    // load → clean is now declared on one side only.
    expect(only(result, 'pipeline/asymmetric-edge')).toHaveLength(1);
    expect(result.ok).toBe(false);
  });

  it('warns (only) about asymmetric upstream/downstream lists', async () => {
    const blocks = ETL_BLOCKS.map((b) => (b.uuid === 'export' ? { ...b, upstream: [] } : b));
    const { root, yaml } = etlProject(blocks);
    const result = await run(root, ['pipelines/etl']);
    expect(result.ok).toBe(true);
    const asym = only(result, 'pipeline/asymmetric-edge');
    expect(asym.map((f) => [f.line, f.column, f.severity])).toEqual([[lineOf(yaml, '- export').line, 5, 'warning']]);
    expect(asym[0].message).toContain('"export" does not list "clean" in its upstream_blocks');
    expect((result.metadata as any).pipelines[0].topologicalOrder).toEqual(['load', 'clean', 'export']);
  });

  it('rejects an unknown block type at its type line', async () => {
    const blocks = ETL_BLOCKS.map((b) => (b.uuid === 'clean' ? { ...b, type: 'transfomer' } : b));
    const { root, yaml } = etlProject(blocks);
    const result = await run(root, ['pipelines/etl']);
    const unknown = only(result, 'pipeline/unknown-block-type');
    expect(unknown.map((f) => [f.line, f.column, f.severity])).toEqual([[lineOf(yaml, 'type: transfomer').line, 9, 'error']]);
    expect(unknown[0].message).toContain('"transfomer"');
  });

  // How its time grows with the chain: tools/bench/pipeline-chain.ts (ratios to a YAML parse, same run).
  it('handles a 10,000-block chain and its one cycle without recursion', async () => {
    const n = 10000;
    const parts = ['blocks:'];
    for (let i = 0; i < n; i++) {
      const type = i === 0 ? 'data_loader' : i === n - 1 ? 'data_exporter' : 'transformer';
      parts.push(
        `- uuid: b${i}`,
        `  type: ${type}`,
        `  upstream_blocks: [${i > 0 ? `b${i - 1}` : ''}]`,
        `  downstream_blocks: [${i < n - 1 ? `b${i + 1}` : ''}]`,
      );
    }
    parts.push('name: big', 'type: python', 'uuid: big');
    const root = makeProject({ 'big.yaml': parts.join('\n') + '\n' });
    const result = await run(root, ['big.yaml']);
    expect(result.ok).toBe(true);
    const meta = (result.metadata as any).pipelines[0];
    expect(meta.topologicalOrder).toHaveLength(n);
    expect(meta.topologicalOrder[n - 1]).toBe(`b${n - 1}`);
    expect(meta.edges).toHaveLength(n - 1);

    // Close the chain: one cycle through all 10,000 blocks, found iteratively.
    const cyclic = parts.join('\n').replace('upstream_blocks: []', `upstream_blocks: [b${n - 1}]`);
    fs.writeFileSync(path.join(root, 'big.yaml'), cyclic + '\n');
    const again = await run(root, ['big.yaml']);
    const cycles = only(again, 'pipeline/cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0].message.split(' → ')).toHaveLength(n + 1);
  });
});

describe('validate-pipeline: block files', () => {
  it('reports a missing block file at its file_path, naming where it was looked for', async () => {
    const { root, yaml } = etlProject();
    fs.rmSync(path.join(root, 'pipelines/etl/transformers/clean.py'));
    const result = await run(root, ['pipelines/etl']);
    const missing = only(result, 'pipeline/missing-block-file');
    expect(missing.map((f) => [f.file, f.line, f.column, f.severity])).toEqual([
      [META, lineOf(yaml, 'file_path: pipelines/etl/transformers').line, 16, 'error'],
    ]);
    expect(missing[0].message).toContain(path.join('pipelines', 'etl', 'transformers', 'clean.py'));
    expect(result.ok).toBe(false);
  });

  it('reports a missing convention file at the block uuid, and a missing markdown as a warning', async () => {
    const blocks: BlockSpec[] = [...ETL_BLOCKS.map(({ filePath: _f, ...b }) => b), { uuid: 'doc', type: 'markdown', language: 'markdown' }];
    const text = pipelineYaml('etl', blocks);
    const root = makeProject({ 'pipelines/etl/metadata.yaml': text, 'data_loaders/load.py': LOADER, 'data_exporters/export.py': EXPORTER });
    const result = await run(root, [META]);
    const missing = only(result, 'pipeline/missing-block-file');
    expect(missing.map((f) => [f.line, f.column, f.severity])).toEqual([
      [lineOf(text, '- uuid: clean').line, 9, 'error'],
      [lineOf(text, '- uuid: doc').line, 9, 'warning'],
    ]);
    expect(missing[0].message).toContain(path.join('transformers', 'clean.py'));
    expect(missing[1].message).toContain(path.join('markdowns', 'doc.md'));
  });

  it('reports a file lacking its decorator in that file, at the wrong decorator', async () => {
    const { root } = etlProject(ETL_BLOCKS, { 'pipelines/etl/transformers/clean.py': LOADER });
    const result = await run(root, ['pipelines/etl']);
    const dec = only(result, 'pipeline/missing-decorator');
    const shown = path.join('pipelines', 'etl', 'transformers', 'clean.py');
    expect(dec.map((f) => [f.file, f.line, f.column, f.severity])).toEqual([[shown, lineOf(LOADER, '@data_loader').line, 1, 'error']]);
    expect(dec[0].message).toContain('decorated @data_loader');
    expect(dec[0].message).toContain('@transformer');
    expect(result.ok).toBe(false);
  });

  it('reports a file with no decorator at its first def, and ignores commented-out decorators', async () => {
    const body = 'import pandas as pd\n\n# @data_exporter\ndef export_data(df, *args, **kwargs) -> None:\n    pass\n';
    const { root } = etlProject(ETL_BLOCKS, { 'pipelines/etl/data_exporters/export.py': body });
    const result = await run(root, ['pipelines/etl']);
    const dec = only(result, 'pipeline/missing-decorator');
    expect(dec.map((f) => [f.file, f.line, f.column])).toEqual([[path.join('pipelines', 'etl', 'data_exporters', 'export.py'), 4, 1]]);
    expect(dec[0].message).toContain('no @data_exporter function');
  });

  it('does not read special files or folders named by file_path', async () => {
    const blocks = ETL_BLOCKS.map((b) =>
      b.uuid === 'load' ? { ...b, filePath: '/dev/zero' } : b.uuid === 'clean' ? { ...b, filePath: 'pipelines/etl' } : b,
    );
    const { root, yaml } = etlProject(blocks);
    const result = await run(root, ['pipelines/etl']);
    const missing = only(result, 'pipeline/missing-block-file');
    expect(missing.map((f) => [f.line, f.severity])).toEqual([
      [lineOf(yaml, 'file_path: /dev/zero').line, 'error'],
      [lineOf(yaml, 'file_path: pipelines/etl').line, 'error'],
    ]);
    expect(missing[0].message).toContain('not a regular file');
    expect(missing[1].message).toContain('is a folder');
  });

  it('maps a nested uuid a/b to a sub-folder', async () => {
    const blocks: BlockSpec[] = [
      { uuid: 'load', type: 'data_loader', downstream: ['a/b'] },
      { uuid: 'a/b', type: 'transformer', upstream: ['load'], downstream: ['export'] },
      { uuid: 'export', type: 'data_exporter', upstream: ['a/b'] },
    ];
    const text = pipelineYaml('etl', blocks);
    const files = { 'pipelines/etl/metadata.yaml': text, 'data_loaders/load.py': LOADER, 'data_exporters/export.py': EXPORTER };
    const ok = await run(makeProject({ ...files, 'transformers/a/b.py': TRANSFORMER }), [META]);
    expect(ok.findings).toEqual([]);
    expect((ok.metadata as any).pipelines[0].topologicalOrder).toEqual(['load', 'a/b', 'export']);

    const missing = await run(makeProject({ ...files, 'transformers/a_b.py': TRANSFORMER }), [META]);
    const f = only(missing, 'pipeline/missing-block-file');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain(path.join('transformers', 'a', 'b.py'));
    expect(f[0].line).toBe(lineOf(text, '- uuid: a/b').line);
  });

  it('gives one info finding for a loose metadata.yaml and checks no file', async () => {
    const text = pipelineYaml('etl', ETL_BLOCKS);
    const root = makeProject({ 'loose/metadata.yaml': text, 'other.yaml': text });
    const result = await run(root, ['loose/metadata.yaml', 'other.yaml']);
    expect(result.ok).toBe(true);
    expect(result.findings.map((f) => [f.rule, f.severity, f.file])).toEqual([
      ['pipeline/block-files-skipped', 'info', path.join('loose', 'metadata.yaml')],
      ['pipeline/block-files-skipped', 'info', 'other.yaml'],
    ]);
    expect((result.metadata as any).pipelines.map((p: any) => p.blockFilesChecked)).toEqual([0, 0]);
  });

  it('warns when the uuid differs from the pipeline folder', async () => {
    const yaml = pipelineYaml('other_name', ETL_BLOCKS);
    const { root } = etlProject(ETL_BLOCKS, { 'pipelines/etl/metadata.yaml': yaml });
    const result = await run(root, ['pipelines/etl']);
    expect(result.ok).toBe(true);
    expect(only(result, 'pipeline/uuid-mismatch').map((f) => [f.line, f.column, f.severity])).toEqual([
      [lineOf(yaml, 'uuid: other_name', 0).line, 7, 'warning'],
    ]);
  });
});

describe('validate-pipeline: required block types', () => {
  const noTransformer: BlockSpec[] = [
    { uuid: 'load', type: 'data_loader', filePath: 'pipelines/etl/data_loaders/load.py', downstream: ['export'] },
    { uuid: 'export', type: 'data_exporter', filePath: 'pipelines/etl/data_exporters/export.py', upstream: ['load'] },
  ];

  it('fails without a transformer by default, at the blocks key', async () => {
    const { root } = etlProject(noTransformer);
    const result = await run(root, ['pipelines/etl']);
    const missing = only(result, 'pipeline/missing-block-type');
    expect(missing.map((f) => [f.file, f.line, f.column, f.severity])).toEqual([[META, 1, 1, 'error']]);
    expect(missing[0].message).toContain('no transformer block');
    expect(result.ok).toBe(false);
  });

  it('passes with requireBlocks none, or a list that the pipeline satisfies', async () => {
    const { root } = etlProject(noTransformer);
    expect((await run(root, ['pipelines/etl'], { requireBlocks: 'none' })).findings).toEqual([]);
    expect((await run(root, ['pipelines/etl'], { requireBlocks: ' data_loader , data_exporter ' })).ok).toBe(true);
    const sensor = await run(root, ['pipelines/etl'], { requireBlocks: 'sensor' });
    expect(only(sensor, 'pipeline/missing-block-type').map((f) => f.message.split(';')[0])).toEqual(['The pipeline has no sensor block']);
  });

  it('is registered and gets its default through runCheck', async () => {
    const { root } = etlProject(noTransformer);
    const result = await runCheck('validate-pipeline', ['pipelines/etl'], {}, { cwd: root });
    expect((result.metadata as any).requireBlocks).toEqual(['data_loader', 'transformer', 'data_exporter']);
    expect(only(result, 'pipeline/missing-block-type')).toHaveLength(1);
    expect((await runCheck('validate-pipeline', ['pipelines/etl'], { requireBlocks: 'none' }, { cwd: root })).ok).toBe(true);
  });

  it('throws a usage error for unknown types, an empty value and no paths', async () => {
    const { root } = etlProject();
    await expect(run(root, ['pipelines/etl'], { requireBlocks: 'loader' })).rejects.toThrow(CheckUsageError);
    await expect(run(root, ['pipelines/etl'], { requireBlocks: ' , ' })).rejects.toThrow(/requireBlocks/);
    await expect(run(root, [])).rejects.toThrow(CheckUsageError);
  });
});

describe('validate-pipeline: malformed input', () => {
  async function findingsFor(text: string, options: Record<string, unknown> = { requireBlocks: 'none' }) {
    const root = makeProject({ 'p.yaml': text });
    return run(root, ['p.yaml'], options);
  }
  const shape = (r: CheckResult) => r.findings.filter((f) => f.severity !== 'info').map((f) => [f.rule, f.severity, f.line, f.column]);

  it('empty YAML is an error at 1:1', async () => {
    const r = await findingsFor('');
    expect(shape(r)).toEqual([['pipeline/empty', 'error', 1, 1]]);
    expect(shape(await findingsFor('# only a comment\n'))).toEqual([['pipeline/empty', 'error', 1, 1]]);
    expect(shape(await findingsFor('{}\n'))).toEqual([['pipeline/empty', 'error', 1, 1]]);
  });

  it('a non-mapping root is an error at its position', async () => {
    expect(shape(await findingsFor('\n- a\n- b\n'))).toEqual([['pipeline/not-a-mapping', 'error', 2, 1]]);
    expect(shape(await findingsFor('just text\n'))).toEqual([['pipeline/not-a-mapping', 'error', 1, 1]]);
  });

  it('invalid YAML is an error with its position and stops further rules', async () => {
    const r = await findingsFor('blocks:\n- uuid: a\n  type: [data_loader\nname: x\n');
    expect(r.ok).toBe(false);
    expect(r.findings.every((f) => f.rule === 'pipeline/yaml-syntax')).toBe(true);
    expect(r.findings[0].line).toBeGreaterThanOrEqual(3);
  });

  it('missing uuid and type are errors at the root; missing blocks is a warning', async () => {
    const r = await findingsFor('name: only_a_name\n');
    expect(shape(r)).toEqual([
      ['pipeline/missing-key', 'error', 1, 1],
      ['pipeline/missing-key', 'error', 1, 1],
      ['pipeline/missing-key', 'warning', 1, 1],
    ]);
    expect(r.findings.filter((f) => f.severity !== 'info').map((f) => f.message.slice(0, 30))).toEqual([
      'The pipeline has no `uuid`: ad',
      'The pipeline has no `type`: ad',
      'The pipeline has no `blocks` l',
    ]);
    const blocksOnly = await findingsFor('name: n\ntype: python\nuuid: n\n');
    expect(blocksOnly.ok).toBe(true);
    expect(shape(blocksOnly)).toEqual([['pipeline/missing-key', 'warning', 1, 1]]);
  });

  it('a minimal hand-written pipeline passes with requireBlocks none', async () => {
    const r = await findingsFor('blocks: []\nname: n\ntype: python\nuuid: n\n');
    expect(shape(r)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('block-level shape errors point at the block', async () => {
    const text = [
      'blocks:',
      '- type: data_loader',
      '- uuid: 42',
      '  type: transformer',
      '- just a string',
      '- uuid: c',
      '  upstream_blocks: oops',
      '  downstream_blocks:',
      '  - [nested]',
      'type: python',
      'uuid: p',
    ].join('\n');
    const r = await findingsFor(text);
    expect(shape(r)).toEqual([
      ['pipeline/missing-key', 'error', 2, 3],
      ['pipeline/invalid-value', 'error', 3, 9],
      ['pipeline/invalid-value', 'error', 5, 3],
      ['pipeline/missing-key', 'error', 6, 9],
      ['pipeline/invalid-value', 'error', 7, 20],
      ['pipeline/invalid-value', 'error', 9, 5],
    ]);
  });

  it('reads scalars like PyYAML: `on` is a boolean (not a uuid), `n` stays a string', async () => {
    const r = await findingsFor(
      'blocks:\n- uuid: on\n  type: data_loader\n- uuid: n\n  type: transformer\nname: p\ntype: python\nuuid: p\n',
    );
    expect(shape(r)).toEqual([['pipeline/invalid-value', 'error', 2, 9]]);
    expect(only(r, 'pipeline/invalid-value')[0].message).toContain('the boolean true');
    expect((r.metadata as any).pipelines[0].topologicalOrder).toEqual(['n']);
  });

  it('duplicate keys warn (PyYAML keeps the last) and the last value is used', async () => {
    const r = await findingsFor('blocks: []\nname: n\ntype: python\nuuid: first\nuuid: second\n');
    expect(shape(r)).toEqual([['pipeline/duplicate-key', 'warning', 5, 1]]);
    expect((r.metadata as any).pipelines[0].uuid).toBe('second');
  });

  it('a missing path and a folder without metadata.yaml are not-found errors', async () => {
    const root = makeProject({ 'pipelines/empty/__init__.py': '' });
    const r = await run(root, ['nope', 'pipelines/empty']);
    expect(r.findings.map((f) => [f.rule, f.severity, f.file])).toEqual([
      ['pipeline/not-found', 'error', 'nope'],
      ['pipeline/not-found', 'error', 'pipelines/empty'],
    ]);
  });
});
