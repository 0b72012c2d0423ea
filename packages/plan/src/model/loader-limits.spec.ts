import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatDiagnostics } from './diagnostics';
import { loadPlanFile, parsePlanYaml } from './loader';
import { firstInvalidUtf8, PLAN_YAML_MAX_BYTES } from './source-text';
import { MAX_ALIAS_EXPANSION, MAX_YAML_DEPTH } from './yaml-limits';
import { diamondPlan, toYaml } from '../testing/sample-plans';

const FILE = 'plans/demo/plan.yaml';

/** The "billion laughs": nine levels of nine aliases each. */
function aliasBomb(): string {
  let text = 'version: 1\nname: demo\nlol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i <= 9; i++)
    text += `lol${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'plan-limits-')), name);
  writeFileSync(file, content);
  return file;
}

describe('plan.yaml limits', () => {
  it('reports an alias bomb at the alias that crosses the limit, without expanding it', () => {
    const started = Date.now();
    const { plan, diagnostics } = parsePlanYaml(aliasBomb(), FILE);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(plan).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    // lol4 (line 7) is the first level whose aliases expand past the limit: 8,289 nodes before it, 7,381 per *a3.
    expect(diagnostics[0]).toMatchObject({ code: 'yaml', file: FILE, line: 7 });
    expect(diagnostics[0].column).toBeGreaterThan(10);
    expect(diagnostics[0].message).toContain(`more than ${MAX_ALIAS_EXPANSION} nodes by *a3`);
    expect(formatDiagnostics(diagnostics)).not.toMatch(/\n\s+at /);
  });

  it('still accepts aliases that share a block a few times', () => {
    const shared = 'version: 1\nname: demo\nkind: custom\ntitle: T\nphases:\n  - &p { id: "1", title: One }\n' + '  - *p\n'.repeat(50);
    expect(
      parsePlanYaml(shared, FILE)
        .diagnostics.map((d) => d.message)
        .join(),
    ).not.toMatch(/alias/i);
  });

  it('reports a recursive alias and an alias without anchor at the alias', () => {
    const recursive = parsePlanYaml('version: 1\nname: demo\nphases: &p\n  - *p\n', FILE).diagnostics;
    expect(recursive[0]).toMatchObject({ code: 'yaml', line: 4, column: 5 });
    expect(recursive[0].message).toMatch(/refers to a node that contains it/);
    const dangling = parsePlanYaml('version: 1\nname: *nope\n', FILE).diagnostics;
    expect(dangling[0]).toMatchObject({ code: 'yaml', line: 2, column: 7 });
    expect(dangling[0].message).toMatch(/no anchor &nope/);
  });

  it('reports nesting deeper than the limit, and nesting too deep for the parser, without a stack trace', () => {
    const deep = `version: 1\nname: demo\nnotes: ${'['.repeat(MAX_YAML_DEPTH + 5)}${']'.repeat(MAX_YAML_DEPTH + 5)}\n`;
    const d = parsePlanYaml(deep, FILE).diagnostics;
    expect(d[0]).toMatchObject({ code: 'yaml', line: 3 });
    expect(d[0].message).toMatch(`more than ${MAX_YAML_DEPTH} levels deep`);
    // Block nesting by indentation, one level per line: the parser's own recursion gives out.
    const abyss = parsePlanYaml(Array.from({ length: 1400 }, (_, i) => `${' '.repeat(i)}- `).join('\n'), FILE).diagnostics;
    expect(abyss[0].message).toMatch(/nested too deeply/);
  });

  it('stops deep flow nesting, long indicator chains and repeated properties before parsing, at their position', () => {
    const cases: [string, number, RegExp][] = [
      // 400,000 unclosed brackets used to exhaust memory inside the parser and crash the process.
      [`version: 1\nnotes: ${'['.repeat(400_000)}`, 8 + MAX_YAML_DEPTH, /more than 100 levels deep/],
      [`version: 1\n${'- '.repeat(100_000)}x`, 1 + 2 * MAX_YAML_DEPTH, /nested collections start on this line/],
      [`version: 1\nname: ${'&a '.repeat(100_000)}x`, 10, /at most one anchor: remove the extra &a/],
    ];
    for (const [text, column, message] of cases) {
      const started = Date.now();
      const { diagnostics } = parsePlanYaml(text, FILE);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(diagnostics).toEqual([expect.objectContaining({ code: 'yaml', line: 2, column, message: expect.stringMatching(message) })]);
    }
    // Flow maps with many keys on one line are fine.
    const wide = `version: 1\nname: demo\nkind: custom\ntitle: T\nvariables: {${Array.from({ length: 300 }, (_, i) => `k${i}: v`).join(', ')}}\nphases: [{ id: '1', title: One }]\n`;
    expect(parsePlanYaml(wide, FILE).diagnostics).toEqual([]);
  });

  it('reports at most 20 YAML syntax errors for a file full of them', () => {
    const { diagnostics } = parsePlanYaml(`- ${'x\n'.repeat(50_000)}`, FILE);
    expect(diagnostics.length).toBe(20);
  });

  it('refuses a plan.yaml over the size cap before reading it, naming its size and the limit', () => {
    const file = tempFile('plan.yaml', Buffer.alloc(PLAN_YAML_MAX_BYTES + 10, 'a'));
    const { diagnostics } = loadPlanFile(file, 'big/plan.yaml');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'input', file: 'big/plan.yaml', line: 1, column: 1 })]);
    expect(diagnostics[0].message).toContain(`${PLAN_YAML_MAX_BYTES + 10} bytes, the limit is ${PLAN_YAML_MAX_BYTES} bytes`);
    expect(parsePlanYaml('a'.repeat(PLAN_YAML_MAX_BYTES + 1), FILE).diagnostics[0].code).toBe('input');
  });

  it('reports invalid UTF-8 at its line and column instead of replacing it', () => {
    const good = toYaml(diamondPlan());
    const at = good.indexOf('title:', good.indexOf('tasks:'));
    const bytes = Buffer.concat([Buffer.from(good.slice(0, at + 7)), Buffer.from([0xc3, 0x28]), Buffer.from(good.slice(at + 7))]);
    const { plan, diagnostics } = loadPlanFile(tempFile('plan.yaml', bytes), FILE);
    expect(plan).toBeUndefined();
    const before = good.slice(0, at + 7);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'input',
        line: before.split('\n').length,
        column: before.length - before.lastIndexOf('\n'),
      }),
    ]);
    expect(diagnostics[0].message).toContain(`Invalid UTF-8 at byte ${at + 7} (0xC3 0x28`);
  });

  it('finds the first invalid byte by the decoder rules (overlong, surrogate, truncated, too high)', () => {
    const cases: [number[], number][] = [
      [[0x61, 0xc0, 0x80], 1],
      [[0x61, 0x62, 0xe0, 0x80, 0x80], 2],
      [[0xed, 0xa0, 0x80], 0],
      [[0xf4, 0x90, 0x80, 0x80], 0],
      [[0x61, 0xe2, 0x82], 1],
      [[0xe2, 0x82, 0xac, 0xff], 3],
      [[0xf0, 0x9f, 0x94, 0xa5, 0x61], 5],
    ];
    for (const [bytes, offset] of cases) expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });
});
