import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckResult, CheckUsageError, Finding } from '../contract';
import { generateDdl } from './ddl';
import { closeEngine, getEngine } from './pglite-engine';
import { tableSpecSchema, TableSpecInput } from './table-spec';
import { tempDir, validSpec } from './test-inputs';
import { check } from './validate-schema';

const run = (cwd: string, paths: string[]) => check.run(paths, {}, { cwd });
const json = (spec: unknown) => JSON.stringify(spec, null, 2) + '\n';
const ddlOf = (spec: TableSpecInput) => generateDdl(tableSpecSchema.parse(spec));
const errors = (r: CheckResult) => r.findings.filter((f) => f.severity === 'error');
/** 1-based line of the first line containing `needle` (after line `after`). */
const lineOf = (text: string, needle: string, after = 0) => text.split('\n').findIndex((l, i) => i >= after && l.includes(needle)) + 1;
const only = (r: CheckResult, rule: string): Finding => {
  const hits = r.findings.filter((f) => f.rule === rule);
  expect(hits.map((f) => `${f.rule}: ${f.message}`)).toHaveLength(1);
  return hits[0];
};

afterAll(async () => {
  await closeEngine();
});

describe('validate-schema: table specs', () => {
  it('passes a valid spec with its generated .sql, and the DDL really applies', async () => {
    const spec = validSpec();
    const dir = tempDir({ 'schemas/app.json': json(spec), 'schemas/app.sql': ddlOf(spec) });
    const result = await run(dir, ['schemas/app.json']);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.metadata).toMatchObject({ files: 1, specs: 1, sqlFiles: 0, tableCount: 2, tables: ['posts', 'users'] });
    const engine = await getEngine();
    const tables = await engine.query<{ relname: string }>(
      "SELECT relname FROM pg_class WHERE relname IN ('users', 'posts') AND relkind = 'r' ORDER BY 1",
    );
    expect(tables.map((t) => t.relname)).toEqual(['posts', 'users']);
  });

  it('locates a missing primaryKey at its table in the .json', async () => {
    const spec = validSpec() as any;
    delete spec.tables[1].primaryKey;
    const text = json(spec);
    const dir = tempDir({ 'app.json': text });
    const result = await run(dir, ['app.json']);
    expect(result.ok).toBe(false);
    const finding = result.findings.find((f) => f.rule === 'schema/spec-invalid')!;
    expect(finding).toMatchObject({ severity: 'error', file: 'app.json', line: lineOf(text, '"name": "posts"') - 1, column: 5 });
    expect(finding.message).toContain('tables[1].primaryKey is required');
  });

  it('locates a foreign key to a missing table and a primary key column that does not exist', async () => {
    const spec = validSpec() as any;
    spec.tables[1].foreignKeys[0].references.table = 'accounts';
    spec.tables[0].primaryKey = ['uid'];
    const text = json(spec);
    const dir = tempDir({ 'db/app.json': text, 'db/app.sql': '' });
    const result = await run(dir, ['db/app.json']);
    const fk = only(result, 'schema/unknown-table');
    const fkLine = lineOf(text, '"table": "accounts"');
    expect(fk).toMatchObject({ file: 'db/app.json', line: fkLine, column: text.split('\n')[fkLine - 1].indexOf('"table"') + 1 });
    expect(fk.message).toMatch(/tables\[1\]\.foreignKeys\[0\]\.references\.table: .*"accounts"/);
    const pk = only(result, 'schema/unknown-column');
    const pkLine = lineOf(text, '"uid"');
    expect(pk).toMatchObject({ file: 'db/app.json', line: pkLine, column: text.split('\n')[pkLine - 1].indexOf('"uid"') + 1 });
    expect(pk.message).toContain('Primary key column "uid"');
  });

  it('reports drift between the .json and the committed .sql at the first differing line', async () => {
    const spec = validSpec();
    const ddl = ddlOf(spec);
    const edited = ddl.replace('email text NOT NULL UNIQUE', 'email varchar(200) NOT NULL UNIQUE');
    const dir = tempDir({ 'schemas/app.json': json(spec), 'schemas/app.sql': edited });
    const result = await run(dir, ['schemas/app.json']);
    const drift = only(result, 'schema/ddl-drift');
    expect(drift).toMatchObject({ severity: 'error', file: path.join('schemas', 'app.sql'), line: lineOf(ddl, 'email text'), column: 1 });
    expect(drift.message).toContain('expected "  email text NOT NULL UNIQUE,", found "  email varchar(200) NOT NULL UNIQUE,"');
    expect(errors(result)).toHaveLength(1);
  });

  it('reports a missing generated .sql, and checks a .sql with a sibling .json through the .json', async () => {
    const spec = validSpec();
    const dir = tempDir({ 'a.json': json(spec), 'b.json': json(spec), 'b.sql': ddlOf(spec) + '-- hand edit\n' });
    const missing = await run(dir, ['a.json']);
    expect(only(missing, 'schema/ddl-missing')).toMatchObject({ file: 'a.json', line: 1 });
    const viaSql = await run(dir, ['b.sql']);
    expect(viaSql.metadata).toMatchObject({ specs: 1, sqlFiles: 0 });
    expect(only(viaSql, 'schema/ddl-drift')).toMatchObject({ file: 'b.sql', line: ddlOf(spec).split('\n').length });
  });

  it('maps an engine error in the generated DDL back to the spec path (a bad default)', async () => {
    const spec = validSpec() as any;
    spec.tables[1].columns[2].default = 'no_such_function()';
    const text = json(spec);
    const dir = tempDir({ 'app.json': text, 'app.sql': ddlOf(spec) });
    const result = await run(dir, ['app.json']);
    const finding = errors(result)[0];
    expect(errors(result)).toHaveLength(1);
    expect(finding).toMatchObject({ file: 'app.json', line: lineOf(text, 'no_such_function'), rule: 'schema/sql-error' });
    expect(finding.message).toContain('tables[1].columns[2].default');
    expect(finding.message).toContain('no_such_function() does not exist');
  });

  it('reports invalid JSON with its position', async () => {
    const dir = tempDir({ 'bad.json': '{\n  "version": 1,\n  "dialect": "postgresql",,\n}\n' });
    const result = await run(dir, ['bad.json']);
    expect(only(result, 'schema/invalid-json')).toMatchObject({ file: 'bad.json', line: 3, column: 27 });
  });
});

describe('validate-schema: .sql files alone', () => {
  it('reports a table without primary key at its CREATE TABLE line; partitions of a keyed parent are fine', async () => {
    const sql = [
      'CREATE TABLE accounts (id bigint PRIMARY KEY);',
      'CREATE TABLE measurements (',
      '  id bigint, at date, PRIMARY KEY (id, at)',
      ') PARTITION BY RANGE (at);',
      "CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
      'CREATE TABLE later_key (id int);',
      'ALTER TABLE ONLY later_key ADD CONSTRAINT later_key_pkey PRIMARY KEY (id);',
      '',
      '-- a log without key',
      'CREATE TABLE   audit.log (msg text);',
    ].join('\n');
    const dir = tempDir({ 'dump.sql': 'CREATE SCHEMA audit;\n' + sql });
    const result = await run(dir, ['dump.sql']);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'schema/missing-primary-key', severity: 'error', file: 'dump.sql', line: 11, column: 16 }),
    ]);
    expect(result.findings[0].message).toContain('audit.log has no primary key');
    expect(result.metadata).toMatchObject({
      sqlFiles: 1,
      tables: ['audit.log', 'accounts', 'later_key', 'measurements', 'measurements_2025'],
    });
  });

  it.each([
    [
      'an unknown type',
      'CREATE TABLE b (id int PRIMARY KEY, x nosuchtype);',
      'schema/unknown-type',
      'nosuchtype',
      /type "nosuchtype" does not exist/,
    ],
    [
      'a foreign key to a missing table',
      'CREATE TABLE b (id int PRIMARY KEY,\n  a int REFERENCES missing (id));',
      'schema/unknown-table',
      'missing',
      /relation "missing" does not exist/,
    ],
    [
      'a duplicate column',
      'CREATE TABLE b (id int PRIMARY KEY,\n  id text);',
      'schema/duplicate-column',
      'id text',
      /column "id" specified more than once/,
    ],
  ])('reports %s at its line', async (_name, statement, rule, needle, message) => {
    const sql = `-- header\nCREATE TABLE a (id int PRIMARY KEY);\n\n${statement}\nCREATE TABLE c (id int PRIMARY KEY);\n`;
    const dir = tempDir({ 'x.sql': sql });
    const result = await run(dir, ['x.sql']);
    const finding = only(result, rule);
    const line = lineOf(sql, needle, 3);
    expect(finding).toMatchObject({ severity: 'error', file: 'x.sql', line });
    expect(finding.column).toBe(sql.split('\n')[line - 1].indexOf(needle === 'id text' ? 'id' : needle) + 1);
    expect(finding.message).toMatch(message);
  });

  it('keeps lines right after a non-ASCII identifier (byte vs character offsets)', async () => {
    const sql = 'CREATE TABLE "naïve😀ü" (id int PRIMARY KEY, "größe" text);\nCREATE TABLE "ß" (x int);\nCREATE TABLE t (y nosuchtype);\n';
    const dir = tempDir({ 'u.sql': sql });
    const result = await run(dir, ['u.sql']);
    expect(only(result, 'schema/unknown-type')).toMatchObject({ line: 3, column: 19 });
    const dir2 = tempDir({ 'u.sql': sql.replace('CREATE TABLE t (y nosuchtype);\n', '') });
    const second = await run(dir2, ['u.sql']);
    expect(only(second, 'schema/missing-primary-key')).toMatchObject({ line: 2, column: 14 });
    const dir3 = tempDir({ 'u.sql': sql.replace('CREATE TABLE t (y nosuchtype)', 'CREATE TABEL t (y int)') });
    const third = await run(dir3, ['u.sql']);
    expect(only(third, 'schema/syntax')).toMatchObject({ line: 3, column: 8 });
  });

  it('loads a contrib extension for CREATE EXTENSION, and reports an unknown one at its line', async () => {
    const ok =
      'CREATE EXTENSION IF NOT EXISTS pgcrypto;\nCREATE EXTENSION "uuid-ossp";\nCREATE TABLE k (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), v uuid DEFAULT uuid_generate_v4());\n';
    const bad = 'CREATE TABLE k (id int PRIMARY KEY);\n\n  CREATE EXTENSION vector;\nCREATE TABLE e (id int PRIMARY KEY, v vector(3));\n';
    const dir = tempDir({ 'ok.sql': ok, 'bad.sql': bad });
    const good = await run(dir, ['ok.sql']);
    expect(good.findings).toEqual([]);
    const result = await run(dir, ['bad.sql']);
    const finding = only(result, 'schema/unknown-extension');
    expect(finding).toMatchObject({ file: 'bad.sql', line: 3, severity: 'error' });
    expect(finding.message).toContain('"vector" is not available in PGlite');
  });

  it('reports psql meta-commands as findings, and still checks the SQL around them', async () => {
    const sql =
      "SELECT pg_catalog.set_config('search_path', '', false);\n\\c db\nCREATE TABLE public.t (id int);\nSELECT 'not \\c a meta-command';\n";
    const dir = tempDir({ 'd.sql': sql });
    const result = await run(dir, ['d.sql']);
    expect(result.findings.map((f) => [f.rule, f.line, f.column])).toEqual([
      ['schema/psql-meta-command', 2, 1],
      ['schema/missing-primary-key', 3, 14],
    ]);
    expect(result.findings[0].message).toContain('"\\c db" is a psql meta-command');
  });

  it('reports syntax errors, empty files, missing paths and unsupported files without throwing', async () => {
    const dir = tempDir({
      's.sql': 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE (x int);\n',
      'e.sql': '-- nothing\n',
      'n.txt': 'x',
    });
    const result = await run(dir, ['s.sql', 'e.sql', 'gone.sql', 'n.txt']);
    expect(result.findings.map((f) => [f.file, f.rule, f.line])).toEqual([
      ['gone.sql', 'schema/not-found', undefined],
      ['n.txt', 'schema/unsupported-file', undefined],
      ['s.sql', 'schema/syntax', 2],
      ['e.sql', 'schema/empty', 1],
    ]);
    await expect(check.run([], {}, { cwd: dir })).rejects.toBeInstanceOf(CheckUsageError);
  });
});

describe('validate-schema: folders and engine reuse', () => {
  it('checks every .json spec of a folder, .sql files without a sibling .json, and skips *.schema.json', async () => {
    const spec = validSpec();
    const dir = tempDir({
      'schemas/app.json': json(spec),
      'schemas/app.sql': ddlOf(spec),
      'schemas/table-spec.schema.json': '{"not": "a spec"}',
      'schemas/legacy/old.sql': 'CREATE TABLE old (x int);\n',
    });
    const result = await run(dir, ['schemas']);
    expect(result.metadata).toMatchObject({ files: 2, specs: 1, sqlFiles: 1 });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'schema/missing-primary-key', file: path.join('schemas', 'legacy', 'old.sql'), line: 1, column: 14 }),
    ]);
  });

  it('reuses one PGlite across inputs and does not leak state between them', async () => {
    const engine = await getEngine();
    const before = engine.inputs;
    const restarts = engine.restarts;
    const dir = tempDir({
      // Leaves a table, a type, a schema, a role, an extension, an open transaction and an empty search_path.
      'first.sql':
        "CREATE SCHEMA s;\nCREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (id int PRIMARY KEY, m mood);\nCREATE ROLE app_owner;\nCREATE EXTENSION citext;\nSELECT pg_catalog.set_config('search_path', '', false);\nBEGIN;\nCREATE TABLE public.open_tx (id int PRIMARY KEY);\n",
      // Fails if any of it survived: same names again, unqualified.
      'second.sql':
        "CREATE SCHEMA s;\nCREATE TYPE mood AS ENUM ('b');\nCREATE TABLE t (id int PRIMARY KEY, m mood);\nCREATE ROLE app_owner;\nCREATE EXTENSION citext;\nCREATE TABLE open_tx (id int PRIMARY KEY);\n",
    });
    const first = await run(dir, ['first.sql']);
    expect(first.findings).toEqual([]);
    const second = await run(dir, ['second.sql']);
    expect(second.findings).toEqual([]);
    expect(second.metadata).toMatchObject({ tables: ['open_tx', 't'] });
    expect(await getEngine()).toBe(engine);
    expect(engine.inputs).toBe(before + 2);
    expect(engine.restarts).toBe(restarts);
  });

  it('the JSON Schema published for editors accepts the valid spec and describes every key', () => {
    const { tableSpecJsonSchema } = require('./table-spec') as typeof import('./table-spec');
    const schema = tableSpecJsonSchema() as any;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'dialect', 'tables']));
    expect(schema.properties.tables.items.required).toEqual(expect.arrayContaining(['name', 'columns', 'primaryKey']));
    expect(schema.properties.tables.items.properties.primaryKey.minItems).toBe(1);
    const file = path.join(tempDir(), 'schema.json');
    writeFileSync(file, JSON.stringify(schema));
    expect(JSON.parse(readFileSync(file, 'utf8')).properties.$schema.type).toBe('string');
  });
});
