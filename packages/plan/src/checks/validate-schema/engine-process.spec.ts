import { spawnSync } from 'node:child_process';
import { ProcessSchemaEngine } from './engine-process';
import { parseSql } from './pg-parser';

/** The engine in a worker thread, behind the SchemaEngine interface (getEngine's default). */
describe('PGlite in a child process', () => {
  it('applies on a clean database per input, in its own process; stops when idle and resumes on the next call', async () => {
    const sql = 'CREATE EXTENSION citext;\nCREATE TABLE a (id int PRIMARY KEY, email citext);';
    const parsed = await parseSql(sql);
    const engine = await ProcessSchemaEngine.start({ idleMs: 1000 });
    try {
      const first = await engine.apply(sql, parsed.ok ? parsed.statements : []);
      expect(first.error).toBeUndefined();
      expect(first.tables).toEqual([{ schema: 'public', name: 'a', hasPrimaryKey: true }]);

      const second = await engine.apply('CREATE TABLE b (id int);', []);
      expect(second.tables).toEqual([{ schema: 'public', name: 'b', hasPrimaryKey: false }]);
      expect(engine.inputs).toBe(2);

      await new Promise((resolve) => setTimeout(resolve, 2500));
      const third = await engine.apply('CREATE TABLE c (id int PRIMARY KEY);', []);
      expect(third.tables).toEqual([{ schema: 'public', name: 'c', hasPrimaryKey: true }]);
      expect({ resumes: engine.resumes, inputs: engine.inputs }).toEqual({ resumes: 1, inputs: 3 });

      const brokenSql = 'CREATE TABLE d (id int PRIMARY KEY);\nCREATE TABLE e (id int REFERENCES missing (id));';
      const brokenParsed = await parseSql(brokenSql);
      const broken = await engine.apply(brokenSql, brokenParsed.ok ? brokenParsed.statements : []);
      expect(broken.error).toMatchObject({ statementIndex: 1, message: 'relation "missing" does not exist' });
    } finally {
      await engine.close();
    }
    await expect(engine.apply('SELECT 1', [])).rejects.toThrow('closed');
  }, 120_000);

  it('close() of an idle engine completes in a process that awaits nothing else (the idle process does not hold it open)', () => {
    const script = [
      `const { ProcessSchemaEngine } = require(${JSON.stringify(require.resolve('./engine-process'))});`,
      '(async () => {',
      '  const engine = await ProcessSchemaEngine.start({});',
      "  const applied = await engine.apply('CREATE TABLE a (id int PRIMARY KEY);', []);",
      '  await engine.close();',
      "  console.log('closed after ' + applied.tables.length + ' table');",
      '})();',
    ].join('\n');
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 60_000,
    });
    expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: 'closed after 1 table' });
  }, 90_000);
});
