import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TASK_DOCUMENT } from '../../model/markdown/sample-documents';
import { PLAN_DOCUMENT_MAX_BYTES } from '../../model/source-text';
import { captureIO } from '../../testing/capture-io';
import { importCommand } from './import';

function cli(cwd: string) {
  const io = captureIO(cwd);
  return { io, run: (...argv: string[]) => importCommand(argv, io) };
}

/** `plan import` reads its document as nx g plan:import does: capped, strict UTF-8, no control characters in paths. */
describe('plan import input', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-import-input-'));
  writeFileSync(path.join(root, 'PLAN.md'), TASK_DOCUMENT);

  it('refuses control characters in the document path and in --directory', async () => {
    await expect(cli(root).run('PLAN\u0007.md', '--directory', 'x')).rejects.toThrow(
      'The Markdown plan path "PLAN\\x07.md" holds the control character U+0007',
    );
    await expect(cli(root).run('PLAN.md', '--directory', 'x\u009by')).rejects.toThrow(
      '--directory "x\\x9by" holds the control character U+009B',
    );
    expect(existsSync(path.join(root, 'x'))).toBe(false);
  });

  it('reports invalid UTF-8 at its position and writes nothing', async () => {
    writeFileSync(path.join(root, 'bad.md'), Buffer.concat([Buffer.from('# Plan\n\nab'), Buffer.from([0xff]), Buffer.from('\n')]));
    const c = cli(root);
    expect(await c.run('bad.md', '--directory', 'bad')).toBe(1);
    expect(c.io.stderr).toMatch(/^bad\.md:3:3 +error +Invalid UTF-8 at byte 10 \(0xFF 0x0A\)/m);
    expect(existsSync(path.join(root, 'bad'))).toBe(false);
  });

  it('refuses a document over the size cap', async () => {
    writeFileSync(path.join(root, 'huge.md'), Buffer.alloc(PLAN_DOCUMENT_MAX_BYTES + 1, 0x61));
    const c = cli(root);
    expect(await c.run('huge.md', '--directory', 'huge')).toBe(1);
    expect(c.io.stderr).toMatch(/^huge\.md:1:1 +error +The file is too large/m);
  });
});
