import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pgliteVersion, SchemaEngine, snapshotFile, startPglite } from './pglite-engine';
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

  it('closes an idle instance (so a process never hangs on it) and restarts it on the next input', async () => {
    const engine = await SchemaEngine.start({ extensions: false, idleMs: 100 });
    try {
      const first = await engine.apply('CREATE TABLE a (id int PRIMARY KEY);', []);
      expect(first.tables).toEqual([{ schema: 'public', name: 'a', hasPrimaryKey: true }]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(engine.idle).toBe(true);
      const second = await engine.apply('CREATE TABLE b (id int);', []);
      expect(second.tables).toEqual([{ schema: 'public', name: 'b', hasPrimaryKey: false }]);
      expect(engine.resumes).toBe(1);
      expect(engine.idle).toBe(false);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
