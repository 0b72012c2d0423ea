import { PLAN_DOCUMENT_MAX_BYTES } from '../source-text';
import { importPlan } from './import-plan';
import { parsePlanMarkdown } from './parse-markdown';
import { TASK_DOCUMENT, TASK_VALUES } from './sample-documents';

const options = { file: 'docs/PLAN.md', name: 'demo', values: TASK_VALUES };

describe('PLAN.md input: encoding and size', () => {
  it('parses the same plan from UTF-8 bytes as from text', () => {
    const fromText = parsePlanMarkdown(TASK_DOCUMENT, options);
    expect(fromText.diagnostics).toEqual([]);
    expect(parsePlanMarkdown(Buffer.from(TASK_DOCUMENT, 'utf8'), options).plan).toEqual(fromText.plan);
  });

  it('reports the first invalid UTF-8 byte at its line and column, and imports nothing', () => {
    const lines = TASK_DOCUMENT.split('\n');
    const line = lines.findIndex((l) => l.startsWith('### Task')) + 1;
    const prefix = lines.slice(0, line - 1).join('\n') + '\n### Ta';
    const bytes = Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0xfe]), Buffer.from(TASK_DOCUMENT.slice(prefix.length + 1))]);
    const result = importPlan(bytes, options);
    expect(result.plan).toBeUndefined();
    expect(result.files).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'markdown',
        file: 'docs/PLAN.md',
        line,
        column: 7,
        message: expect.stringContaining('Invalid UTF-8 at byte'),
      }),
    ]);
  });

  it('refuses a document over the size cap with its size and the limit', () => {
    const huge = Buffer.alloc(PLAN_DOCUMENT_MAX_BYTES + 1, 0x61);
    const { diagnostics } = parsePlanMarkdown(huge, options);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toContain(`${PLAN_DOCUMENT_MAX_BYTES + 1} bytes, the limit is ${PLAN_DOCUMENT_MAX_BYTES} bytes`);
    expect(parsePlanMarkdown(huge.toString('latin1'), options).diagnostics[0].message).toMatch(/too large/);
  });
});
