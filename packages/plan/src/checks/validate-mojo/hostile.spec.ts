import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { glmMojoEntries } from '../../testing/glm-mojo';
import { writeZip, writeZipStreamed } from '../../testing/zip-writer';
import { declared } from '../../testing/declared-rules';
import { rules } from './rule-catalogue';
import { check } from './validate-mojo';

/** Hostile zips, written by our own zip writer: the check must reject them fast and bounded. */
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-mojo-hostile-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = async (file: string, options = {}) => declared(rules, await check.run([file], options, { cwd: dir }));
const valid = () => glmMojoEntries().entries;
const GB = 1024 * 1024 * 1024;

function* zeros(total: number): Iterable<Buffer> {
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  for (let done = 0; done < total; done += chunk.length) yield done + chunk.length <= total ? chunk : chunk.subarray(0, total - done);
}

/** CRC-32 of `total` zero bytes, natively (the writer's own JS CRC would take seconds per GiB). */
function zerosCrc(total: number): number {
  let crc = 0;
  for (const chunk of zeros(total)) crc = zlib.crc32(chunk, crc);
  return crc;
}

/** Rewrites the uncompressed size of entry `name` in its local and central headers. */
function lieAboutSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const nameBytes = Buffer.from(name);
  for (let i = 0; i < out.length - 46; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50 && out.subarray(i + 30, i + 30 + nameBytes.length).equals(nameBytes)) out.writeUInt32LE(size, i + 22);
    if (sig === 0x02014b50 && out.subarray(i + 46, i + 46 + nameBytes.length).equals(nameBytes)) out.writeUInt32LE(size, i + 24);
  }
  return out;
}

describe('unsafe entry names', () => {
  it.each([
    ['../evil', 'a `..` segment'],
    ['models/../../evil', 'a `..` segment'],
    ['/etc/x', 'an absolute path'],
    ['C:/Windows/x', 'a drive letter'],
    ['..\\evil', 'a backslash'],
  ])('%s is rejected (%s)', async (name, reason) => {
    const file = `unsafe-${Buffer.from(name).toString('hex')}.zip`;
    writeZip(path.join(dir, file), [...valid(), { name, data: 'owned' }]);
    const result = await run(file);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      {
        rule: 'mojo/unsafe-entry-name',
        severity: 'error',
        file,
        message: expect.stringContaining(
          `${JSON.stringify(name)} is unsafe: it ${reason.startsWith('a ') || reason.startsWith('an ') ? (reason.includes('absolute') ? 'is' : reason.includes('drive') ? 'starts with' : 'contains') : ''} ${reason}`,
        ),
      },
    ]);
  });
});

describe('size bombs', () => {
  let bomb: string;
  beforeAll(async () => {
    bomb = path.join(dir, 'bomb.zip');
    await writeZipStreamed(bomb, [...valid(), { name: 'trees/t00_000.bin', chunks: () => zeros(GB), crc: zerosCrc(GB) }]);
  }, 120_000);

  it('the bomb file really is small: ~1 MB holding 1 GiB', () => {
    expect(fs.statSync(bomb).size).toBeLessThan(3 * 1024 * 1024);
  });

  it('a 1 GiB-of-zeros entry is rejected quickly from its declared size, with bounded memory', async () => {
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const result = await run('bomb.zip');
    const ms = Date.now() - started;
    expect(result.findings.map((f) => f.rule)).toEqual(['mojo/entry-too-large']);
    expect(result.findings[0].message).toContain('trees/t00_000.bin declares 1024.0 MiB');
    expect(ms).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });

  it('with the size limits raised, the ratio limit still stops it', async () => {
    const result = await run('bomb.zip', { maxEntryMb: 4096, maxTotalMb: 8192 });
    expect(result.findings.map((f) => f.rule)).toEqual(['mojo/compression-ratio']);
  });

  it('a header that lies (declares 1 KiB, holds 1 GiB) is stopped while inflating, fast and bounded', async () => {
    const liar = path.join(dir, 'liar.zip');
    fs.writeFileSync(liar, lieAboutSize(fs.readFileSync(bomb), 'trees/t00_000.bin', 1024));
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const result = await run('liar.zip');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => f.rule)).toEqual(['mojo/corrupt-entry']);
  }, 120_000);

  it('per-entry budget applies to what is really inflated (lie within the limits)', async () => {
    const liar = path.join(dir, 'liar2.zip');
    await writeZipStreamed(liar, [
      ...valid(),
      { name: 'blob.bin', chunks: () => zeros(64 * 1024 * 1024), crc: zerosCrc(64 * 1024 * 1024), declaredSize: 64 * 1024 * 1024 - 1 },
    ]);
    const result = await run('liar2.zip', { maxCompressionRatio: 100000 });
    expect(result.findings.map((f) => f.rule)).toEqual(['mojo/corrupt-entry']);
  }, 60_000);

  it('total size limit', async () => {
    const big = path.join(dir, 'total.zip');
    // Incompressible content, so that only the total (not the ratio) can trip.
    writeZip(big, [
      ...valid(),
      { name: 'a.bin', data: randomBytes(3 * 1024 * 1024), method: 'store' },
      { name: 'b.bin', data: randomBytes(3 * 1024 * 1024), method: 'store' },
    ]);
    const result = await run('total.zip', { maxTotalMb: 4 });
    expect(result.findings.map((f) => f.rule)).toContain('mojo/total-too-large');
    expect((await run('total.zip')).ok).toBe(true);
  });
});

describe('entry count', () => {
  it('too many entries is rejected from the end record, before reading', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ name: `junk/${i}.txt`, data: '' }));
    writeZip(path.join(dir, 'many.zip'), [...valid(), ...many]);
    const result = await run('many.zip', { maxEntries: 1000 });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'mojo/too-many-entries',
        file: 'many.zip',
        message: expect.stringContaining('3003 entries, more than the limit of 1000'),
      }),
    ]);
    expect((await run('many.zip')).ok).toBe(true);
  });
});

describe('duplicate entries', () => {
  it('an entry that appears twice is an error naming the entry and both positions', async () => {
    const entries = valid();
    const at = entries.findIndex((e) => e.name === 'model.ini');
    const file = 'duplicate.zip';
    writeZip(path.join(dir, file), [...entries, { name: 'model.ini', data: '[info]\nalgorithm = evil\n' }]);
    const result = await run(file);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      {
        rule: 'mojo/duplicate-entry',
        severity: 'error',
        file,
        message: `model.ini: Entry appears more than once (entries #${at + 1} and #${entries.length + 1} of the zip); readers disagree on which copy wins. Re-zip the MOJO so that each entry appears once.`,
      },
    ]);
  });

  it('the same MOJO without the second copy is valid', async () => {
    writeZip(path.join(dir, 'single.zip'), valid());
    expect((await run('single.zip')).ok).toBe(true);
  });
});
