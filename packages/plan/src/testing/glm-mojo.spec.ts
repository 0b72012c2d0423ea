import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeGlmMojo } from './glm-mojo';
import { crc32, zipBuffer } from './zip-writer';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glm-mojo-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('zip writer', () => {
  it('computes the standard CRC-32 (check value of "123456789")', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('56789'), crc32(Buffer.from('1234')))).toBe(0xcbf43926);
  });

  it('ends with an end-of-central-directory record counting the entries', () => {
    const zip = zipBuffer([{ name: 'a.txt', data: 'a' }, { name: 'd/' }, { name: 'b.txt', data: 'bb', method: 'store' }]);
    const eocd = zip.subarray(zip.length - 22);
    expect(eocd.readUInt32LE(0)).toBe(0x06054b50);
    expect(eocd.readUInt16LE(10)).toBe(3);
  });

  (hasUnzip ? it : it.skip)('writes zips that Info-ZIP unzip tests clean and lists at the root', () => {
    const written = writeGlmMojo(path.join(dir, 'm.zip'), { categoricalFeatures: [{ name: 'c', levels: ['a', 'b'] }] });
    expect(execFileSync('unzip', ['-t', written.path]).toString()).toContain('No errors detected');
    const listing = execFileSync('unzip', ['-Z1', written.path]).toString().trim().split('\n');
    expect(listing).toEqual(['model.ini', 'domains/d000.txt', 'domains/d001.txt', 'experimental/modelDetails.json']);
    expect(execFileSync('unzip', ['-p', written.path, 'domains/d000.txt']).toString()).toBe('a\nb\n');
  });
});

describe('writeGlmMojo', () => {
  it('lays out beta as categorical (levels − 1) + numeric + intercept, with decimal points', () => {
    const written = writeGlmMojo(path.join(dir, 'm.zip'), {
      numericFeatures: ['n1', 'n2'],
      categoricalFeatures: [{ name: 'c', levels: ['a', 'b', 'c'] }],
      response: 'r',
      responseDomain: ['no', 'yes'],
    });
    expect(written.expected).toEqual({ features: ['c', 'n1', 'n2'], response: 'r', responseDomain: ['no', 'yes'], betaLength: 5 });
    const beta = /^beta = \[(.*)\]$/m.exec(written.modelIni)?.[1].split(', ') ?? [];
    expect(beta).toHaveLength(5);
    expect(beta.every((b) => b.includes('.'))).toBe(true);
    expect(written.modelIni).toMatch(/^cat_offsets = \[0, 2\]$/m);
    expect(written.modelIni).toMatch(/\[columns\]\nc\nn1\nn2\nr\n\n\[domains\]\n0: 3 d000\.txt\n3: 2 d001\.txt\n/);
  });

  it('writes the exploded form as real files', () => {
    writeGlmMojo(path.join(dir, 'folder'), { exploded: true });
    expect(fs.readFileSync(path.join(dir, 'folder', 'domains', 'd000.txt'), 'utf8')).toBe('0\n1\n');
    expect(fs.existsSync(path.join(dir, 'folder', 'model.ini'))).toBe(true);
  });

  it('breaks on request: top folder, missing model.ini, version', () => {
    const nested = writeGlmMojo(path.join(dir, 'n.zip'), { topFolder: 'top', omitModelIni: true, mojoVersion: '9.99' });
    expect(nested.entries.map((e) => e.name)).toEqual(['top/domains/d000.txt', 'top/experimental/modelDetails.json']);
    expect(nested.modelIni).toContain('mojo_version = 9.99');
  });
});
