import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTextCapped, TEXT_LIMITS } from '../read-text';
import { declared } from '../../testing/declared-rules';
import { rules } from './rule-catalogue';
import { check } from './scan-dockerfile';

describe('scan-dockerfile: size cap', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-docker-cap-'));

  it('refuses a 100 MB Dockerfile before reading it, naming its size and the limit', async () => {
    const file = path.join(dir, 'Dockerfile');
    // Sparse: 100 MB of size without 100 MB of disk.
    fs.writeFileSync(file, 'FROM alpine:3.20\n');
    fs.truncateSync(file, 100 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const result = declared(rules, await check.run([file], {}, { cwd: dir }));
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(50 * 1024 * 1024);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      {
        rule: 'dockerfile/too-large',
        severity: 'error',
        file,
        message: `Dockerfile is too large: ${100 * 1024 * 1024} bytes (100.0 MiB), the limit is ${TEXT_LIMITS.dockerfile} bytes (10 MiB). Check the path: no real Dockerfile is this big.`,
      },
    ]);
  });

  it('reads a file of exactly the limit and refuses one byte more', async () => {
    const file = path.join(dir, 'small');
    fs.writeFileSync(file, 'abcd');
    expect(await readTextCapped(file, 4, 'x')).toEqual({ text: 'abcd' });
    expect((await readTextCapped(file, 3, 'x')).tooLarge).toMatch(/^x is too large: 4 bytes .* the limit is 3 bytes/);
    await expect(readTextCapped(path.join(dir, 'missing'), 4, 'x')).rejects.toThrow(/ENOENT/);
  });
});
