import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseSql, ParsedStatement } from './pg-parser';
import { modulesFor, pgliteVersion, SchemaEngine, snapshotFile, startPglite } from './pglite-engine';
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
    // A 16 MB buffer pool, not PostgreSQL's 128 MB (zeroing it was a third of a start).
    const buffers = async (pg: typeof first.pg) => (await pg.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0];
    expect(await buffers(first.pg)).toEqual({ shared_buffers: '16MB' });
    await first.pg.close();
    expect(existsSync(file)).toBe(true);

    const second = await startPglite({ cacheDir, extensions: false });
    expect(second.info.source).toBe('snapshot');
    expect((await second.pg.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    expect(await buffers(second.pg)).toEqual({ shared_buffers: '16MB' });
    await second.pg.close();

    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, good.length >> 1));
    const third = await startPglite({ cacheDir, extensions: false });
    expect(third.info.source).toBe('initdb');
    expect(third.info.snapshotNote).toContain('corrupt');
    expect((await third.pg.query<{ n: number }>('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    await third.pg.close();
    expect(readFileSync(file).length).toBeGreaterThan(good.length >> 1);

    // The snapshot (taken without contrib modules) starts with any of them loaded.
    const withCrypto = await startPglite({ cacheDir, extensions: ['pgcrypto'] });
    expect(withCrypto.info.source).toBe('snapshot');
    await withCrypto.pg.exec('CREATE EXTENSION pgcrypto');
    expect((await withCrypto.pg.query<{ n: number }>('SELECT length(gen_random_bytes(4)) AS n')).rows).toEqual([{ n: 4 }]);
    await withCrypto.pg.close();
  }, 120_000);

  it('knows which contrib modules the CREATE EXTENSION statements of an input need, with what they require', async () => {
    const statements = async (sql: string): Promise<ParsedStatement[]> => {
      const parsed = await parseSql(sql);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.statements;
    };
    expect(modulesFor(await statements('CREATE EXTENSION earthdistance CASCADE; CREATE TABLE t (id int);'))).toEqual([
      'cube',
      'earthdistance',
    ]);
    expect(modulesFor(await statements('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"; CREATE EXTENSION citext;'))).toEqual([
      'citext',
      'uuid_ossp',
    ]);
    expect(modulesFor(await statements('CREATE EXTENSION vector; CREATE EXTENSION plpgsql;'))).toEqual([]);
    expect(modulesFor(await statements('CREATE TABLE t (id int PRIMARY KEY);'))).toEqual([]);
  });

  it('loads a contrib module when an input creates its extension, also where only the error shows it (a DO block)', async () => {
    const engine = await SchemaEngine.start({});
    const apply = async (sql: string) => {
      const parsed = await parseSql(sql);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return engine.apply(sql, parsed.statements);
    };
    try {
      expect((await apply('CREATE TABLE a (id int PRIMARY KEY);')).error).toBeUndefined();
      const citext = await apply('CREATE EXTENSION citext;\nCREATE TABLE c (id int PRIMARY KEY, email citext);');
      expect(citext.error).toBeUndefined();
      expect(citext.tables).toEqual([{ schema: 'public', name: 'c', hasPrimaryKey: true }]);
      const viaError = await apply(
        "DO $$ BEGIN EXECUTE 'CREATE EXTENSION hstore'; END $$;\nCREATE TABLE h (id int PRIMARY KEY, attrs hstore);",
      );
      expect(viaError.error).toBeUndefined();
      expect(viaError.tables).toEqual([{ schema: 'public', name: 'h', hasPrimaryKey: true }]);
      const unknown = await apply('CREATE TABLE k (id int PRIMARY KEY);\nCREATE EXTENSION no_such_extension;');
      expect(unknown.error?.message).toContain('extension "no_such_extension" is not available');
      expect(unknown.error?.statementIndex).toBe(1);
    } finally {
      await engine.close();
    }
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
