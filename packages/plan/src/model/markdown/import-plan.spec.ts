import { parsePlanYaml } from '../loader';
import { parsePlanMarkdown } from './parse-markdown';
import { importPlan } from './import-plan';
import { STREAM_DOCUMENT, STREAM_VALUES, TASK_DOCUMENT, TASK_VALUES } from './sample-documents';

describe('importPlan', () => {
  it('returns plan.yaml, the rendered PLAN.md and a placeholder per created file', () => {
    const result = importPlan(TASK_DOCUMENT, { file: 'PLAN.md', name: 'churn', values: TASK_VALUES });
    expect(result.diagnostics).toEqual([]);
    expect(result.files.map((f) => [f.path, f.placeholder])).toEqual([
      ['plan.yaml', false],
      ['PLAN.md', false],
      ['schemas/customers.json', true],
      ['schemas/customers.sql', true],
      ['api/main.py', true],
      ['api/README.md', true],
    ]);
    expect(result.binaries).toEqual(['models/model.zip']);
    // README.md is MODIFY: the plan expects it to exist, so it is not scaffolded.
    expect(result.files.find((f) => f.path === 'README.md')).toBeUndefined();
  });

  it('plan.yaml loads back to the same plan', () => {
    for (const [md, values, name] of [
      [TASK_DOCUMENT, TASK_VALUES, 'churn'],
      [STREAM_DOCUMENT, STREAM_VALUES, 'shop'],
    ] as const) {
      const result = importPlan(md, { file: 'PLAN.md', name, values });
      const yaml = result.files[0].content;
      expect(yaml).toMatch(/^# Imported from PLAN.md by `plan import`/);
      expect(yaml).not.toMatch(/dependsOn: \[\]|done: false/);
      const loaded = parsePlanYaml(yaml, 'plan.yaml');
      expect(loaded.diagnostics).toEqual([]);
      expect(loaded.plan).toEqual(result.plan);
    }
  });

  it('PLAN.md parses back to the same plan', () => {
    const result = importPlan(STREAM_DOCUMENT, { file: 'PLAN.md', name: 'shop', values: STREAM_VALUES });
    const again = parsePlanMarkdown(result.files[1].content, {
      file: 'PLAN.md',
      name: 'shop',
      values: STREAM_VALUES,
      kind: result.plan!.kind,
    });
    expect(again.plan).toEqual(result.plan);
  });

  it('gives no plan and no file when the document has errors', () => {
    const result = importPlan(TASK_DOCUMENT, { file: 'PLAN.md', name: 'churn' });
    expect(result.plan).toBeUndefined();
    expect(result.files).toEqual([]);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.file === 'PLAN.md' && d.line > 0 && d.column > 0)).toBe(true);
  });

  it('an invalid plan name is an error', () => {
    const result = importPlan(TASK_DOCUMENT, { file: 'PLAN.md', name: 'Not Kebab', values: TASK_VALUES });
    expect(result.diagnostics).toEqual([expect.objectContaining({ path: 'name', line: 1, message: expect.stringMatching(/kebab-case/) })]);
  });
});
