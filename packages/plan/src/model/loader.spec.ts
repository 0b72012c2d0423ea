import { parsePlanYaml } from './loader';
import { diamondPlan, toYaml } from '../testing/sample-plans';

const FILE = 'plans/demo/plan.yaml';

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`needle not found: ${needle}`);
  return text.slice(0, index).split('\n').length;
}

describe('parsePlanYaml', () => {
  it('accepts a valid plan and fills defaults', () => {
    const { plan, diagnostics } = parsePlanYaml(toYaml(diamondPlan()), FILE);
    expect(diagnostics).toEqual([]);
    expect(plan?.phases.flatMap((p) => p.tasks.map((t) => t.key))).toEqual(['base', 'left', 'right', 'join', 'ship']);
    expect(plan?.integrationPoints).toEqual([]);
  });

  it('reports invalid YAML with file:line:col', () => {
    const text = 'version: 1\nname: demo\nphases:\n  - id: "1\n    title: x\n';
    const { plan, diagnostics } = parsePlanYaml(text, FILE);
    expect(plan).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'yaml', file: FILE });
    expect(diagnostics[0].line).toBeGreaterThanOrEqual(4);
    expect(diagnostics[0].message).toMatch(/Invalid YAML/);
  });

  it('reports duplicate YAML keys as YAML errors at their line', () => {
    const text = 'version: 1\nname: demo\nname: again\n';
    const { diagnostics } = parsePlanYaml(text, FILE);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml', line: 3 });
  });

  it('reports an unknown key at the key, with a suggestion', () => {
    const text = toYaml(diamondPlan()).replace('    dependsOn: []', '    dependson: []');
    const { diagnostics } = parsePlanYaml(text, FILE);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'schema',
      path: 'phases[0].tasks[0].dependson',
      line: lineOf(text, 'dependson'),
      column: text.split('\n')[lineOf(text, 'dependson') - 1].indexOf('dependson') + 1,
    });
    expect(diagnostics[0].message).toMatch(/did you mean "dependsOn"/);
  });

  it('reports a wrong value at its node', () => {
    const text = toYaml(diamondPlan()).replace('estimate: 20', 'estimate: twenty');
    const { diagnostics } = parsePlanYaml(text, FILE);
    expect(diagnostics[0]).toMatchObject({ path: 'phases[1].tasks[1].estimate', line: lineOf(text, 'twenty') });
    expect(diagnostics[0].column).toBe(text.split('\n')[lineOf(text, 'twenty') - 1].indexOf('twenty') + 1);
  });

  it('reports a missing required key at its parent', () => {
    const text = toYaml(diamondPlan()).replace(/^title: Diamond\n/m, '');
    const { diagnostics } = parsePlanYaml(text, FILE);
    expect(diagnostics[0].message).toMatch(/Missing required key "title"/);
    expect(diagnostics[0].line).toBe(1);
  });

  it('rejects paths that leave the plan folder', () => {
    const text = toYaml(diamondPlan()).replace('path: src/base.txt', 'path: ../escape.txt');
    const { diagnostics } = parsePlanYaml(text, FILE);
    expect(diagnostics[0]).toMatchObject({ path: 'phases[0].tasks[0].files[0].path', line: lineOf(text, '../escape.txt') });
    expect(diagnostics[0].message).toMatch(/must not contain ".."/);
  });

  it('reports an unknown dependency at the dependsOn entry', () => {
    const text = toYaml(diamondPlan()).replace('- "2.2"', '- "9.9"');
    const { diagnostics } = parsePlanYaml(text, FILE);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'graph', path: 'phases[2].tasks[0].dependsOn[1]', line: lineOf(text, '"9.9"') });
    expect(diagnostics[0].message).toMatch(/depends on "9.9", which is no task id or key/);
  });

  it('reports a cycle as its path at the closing edge', () => {
    const plan = diamondPlan();
    plan.phases[0].tasks![0].dependsOn = ['join'];
    const text = toYaml(plan);
    const { diagnostics } = parsePlanYaml(text, FILE);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toMatch(/Dependency cycle: (\d\.\d) → .* → \1\./);
    expect(diagnostics[0].message).toContain('1.1');
    expect(diagnostics[0].message).toContain('3.1');
    expect(diagnostics[0].line).toBe(lineOf(text, '- join'));
  });

  it('reports duplicate ids and keys and self-dependencies', () => {
    const plan = diamondPlan();
    plan.phases[1].tasks![1].id = '2.1';
    plan.phases[3].tasks![0].key = 'join';
    plan.phases[0].tasks![0].dependsOn = ['base'];
    const { diagnostics } = parsePlanYaml(toYaml(plan), FILE);
    const messages = diagnostics.map((d) => d.message).join('\n');
    expect(messages).toMatch(/Duplicate task id "2.1"/);
    expect(messages).toMatch(/Duplicate task key "join"/);
    expect(messages).toMatch(/Task 1.1 depends on itself/);
  });

  it('reports an empty document', () => {
    expect(parsePlanYaml('', FILE).diagnostics[0].message).toMatch(/empty/);
  });
});
