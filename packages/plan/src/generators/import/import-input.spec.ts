import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TASK_DOCUMENT } from '../../model/markdown/sample-documents';
import { PLAN_DOCUMENT_MAX_BYTES } from '../../model/source-text';
import { importGenerator } from './import';

const tree = () => createTreeWithEmptyWorkspace();

/** The document as nx g plan:import reads it: size cap before reading, strict UTF-8, no control characters in --file. */
describe('plan:import reads its document safely', () => {
  const outside = mkdtempSync(path.join(tmpdir(), 'plan-import-input-'));

  it('refuses invalid UTF-8 at its line and column, from disk and from the workspace', async () => {
    const bytes = Buffer.concat([Buffer.from(TASK_DOCUMENT.slice(0, 40)), Buffer.from([0xc3, 0x28]), Buffer.from(TASK_DOCUMENT.slice(40))]);
    writeFileSync(path.join(outside, 'latin1.md'), bytes);
    const t = tree();
    await expect(importGenerator(t, { file: path.join(outside, 'latin1.md'), name: 'x' })).rejects.toThrow(
      /latin1\.md:\d+:\d+ +error +Invalid UTF-8 at byte 40/,
    );
    t.write('docs/PLAN.md', bytes);
    await expect(importGenerator(t, { file: 'docs/PLAN.md', name: 'x' })).rejects.toThrow(
      /docs\/PLAN\.md:\d+:\d+ +error +Invalid UTF-8 at byte 40/,
    );
    expect(t.exists('x/plan.yaml')).toBe(false);
  });

  it('refuses a document over the size cap before reading it', async () => {
    writeFileSync(path.join(outside, 'huge.md'), Buffer.alloc(PLAN_DOCUMENT_MAX_BYTES + 1, 0x61));
    await expect(importGenerator(tree(), { file: path.join(outside, 'huge.md'), name: 'x' })).rejects.toThrow(
      /huge\.md:1:1 +error +The file is too large/,
    );
  });

  it('refuses a --file path with a control character, shown escaped', async () => {
    await expect(importGenerator(tree(), { file: 'docs/PLAN\u001b[2J.md', name: 'x' })).rejects.toThrow(
      'The --file path "docs/PLAN\\x1b[2J.md" holds a control character',
    );
  });
});
