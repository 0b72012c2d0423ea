import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheck } from './run-check';
import { TEXT_LIMITS } from './read-text';

/** Every check that reads a text file whole refuses one over its cap, with the size and the limit. */
describe('text size caps of the checks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-text-caps-'));
  const sparse = (name: string, head: string, size: number) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, head);
    fs.truncateSync(file, size);
    return name;
  };

  it('validate-schema: a .sql over the cap', async () => {
    const file = sparse('big.sql', 'CREATE TABLE t (id int primary key);\n', TEXT_LIMITS.schema + 1);
    const result = await runCheck('validate-schema', [file], { skipEngine: true }, { cwd: dir });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'schema/too-large',
        severity: 'error',
        file,
        message: expect.stringContaining(`${TEXT_LIMITS.schema + 1} bytes`),
      }),
    ]);
  });

  it('validate-pipeline: a metadata.yaml over the cap', async () => {
    sparse('pipelines/p/metadata.yaml', 'uuid: p\n', TEXT_LIMITS.config + 1);
    const result = await runCheck('validate-pipeline', ['pipelines/p/'], {}, { cwd: dir });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'pipeline/too-large',
        severity: 'error',
        message: expect.stringContaining(`the limit is ${TEXT_LIMITS.config} bytes`),
      }),
    ]);
  });
});
