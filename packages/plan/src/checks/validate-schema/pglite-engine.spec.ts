import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pgliteVersion, snapshotFile, startPglite } from './pglite-engine';
import { tempDir } from './test-inputs';

/** Separate instances in a private cache folder: the shared engine is tested in validate-schema.spec.ts. */
describe('PGlite start and snapshot cache', () => {
  it('initdb writes a snapshot keyed by the PGlite version; the next start uses it; a corrupt one falls back to initdb', async () => {
    const cacheDir = tempDir();
    const file = snapshotFile(cacheDir);
    expect(file).toContain(`pglite-${pgliteVersion()}-`);
    expect(pgliteVersion()).toMatch(/^\d+\.\d+\.\d+/);

    const first = await startPglite({ cacheDir, extensions: false });
    expect(first.info.source).toBe('initdb');
    expect(first.info.snapshotNote).toBe('no snapshot yet');
    await first.pg.close();
    expect(existsSync(file)).toBe(true);

    const second = await startPglite({ cacheDir, extensions: false });
    expect(second.info.source).toBe('snapshot');
    expect((await second.pg.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    await second.pg.close();

    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, good.length >> 1));
    const third = await startPglite({ cacheDir, extensions: false });
    expect(third.info.source).toBe('initdb');
    expect(third.info.snapshotNote).toContain('corrupt');
    expect((await third.pg.query<{ n: number }>('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    await third.pg.close();
    expect(readFileSync(file).length).toBeGreaterThan(good.length >> 1);
  }, 120_000);
});
