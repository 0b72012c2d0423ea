import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ledgerFile, originOf, readLedger, recordProducedResult } from './result-origin';

describe('result origin ledger', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'plan-origin-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const result = (status: string) => JSON.stringify({ key: 'schema', status, results: [] });

  it('a result produced during this invocation is "run", one produced before is "local"', () => {
    recordProducedResult(root, result('verified'), 1_000);
    recordProducedResult(root, result('failed'), 5_000);
    const ledger = readLedger(root);
    expect(originOf(result('verified'), ledger, 4_000)).toBe('local');
    expect(originOf(result('failed'), ledger, 4_000)).toBe('run');
  });

  it('a result this machine never produced (restored from a remote cache) is "remote"', () => {
    recordProducedResult(root, result('failed'), 1_000);
    expect(originOf(result('verified'), readLedger(root), 0)).toBe('remote');
  });

  it('no ledger at all: every result counts as remote (the safe direction)', () => {
    expect(originOf(result('verified'), readLedger(root), 0)).toBe('remote');
  });

  it('ignores damaged lines and keeps the newest time of a digest produced twice', () => {
    recordProducedResult(root, result('verified'), 1_000);
    writeFileSync(ledgerFile(root), readFileSync(ledgerFile(root), 'utf8') + 'garbage line\nabc 12\n', { flag: 'w' });
    recordProducedResult(root, result('verified'), 9_000);
    const ledger = readLedger(root);
    expect(ledger.size).toBe(1);
    expect(originOf(result('verified'), ledger, 8_000)).toBe('run');
  });

  it('stays bounded: the oldest entries are dropped first', () => {
    const epoch = 1_700_000_000_000;
    for (let i = 0; i < 31_000; i++) recordProducedResult(root, `r${i}`, epoch + i);
    const ledger = readLedger(root);
    expect(ledger.size).toBeLessThanOrEqual(30_000);
    expect(originOf('r30999', ledger, epoch)).toBe('run');
    expect(originOf('r0', ledger, 0)).toBe('remote');
  });
});
