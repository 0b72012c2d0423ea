import { DDL_HEADER, firstDifferingLine, generateDdl, generateDdlWithMap, specPathAt } from './ddl';
import { parseJsonWithPositions } from './json-positions';
import { quoteIdent } from './pg-names';
import { crossReferenceIssues, formatPath, parseTableSpec, tableSpecSchema, TableSpecInput } from './table-spec';
import { validSpec } from './test-inputs';

const parse = (input: TableSpecInput) => tableSpecSchema.parse(input);
const issuesOf = (input: TableSpecInput) => crossReferenceIssues(parse(input)).map((i) => [i.rule, formatPath(i.path)]);

describe('table spec (zod) and cross-references', () => {
  it('accepts the valid spec and fills defaults', () => {
    const { spec, issues } = parseTableSpec(validSpec());
    expect(issues).toEqual([]);
    expect(spec!.tables[0].foreignKeys).toEqual([]);
    expect(crossReferenceIssues(spec!)).toEqual([]);
  });

  it('rejects shape errors with paths: empty primaryKey, unknown key, wrong dialect', () => {
    const input = validSpec() as any;
    input.tables[0].primaryKey = [];
    input.tables[1].colour = 'red';
    input.dialect = 'mysql';
    const { spec, issues } = parseTableSpec(input);
    expect(spec).toBeUndefined();
    expect(issues.map((i) => formatPath(i.path)).sort()).toEqual(['dialect', 'tables[0].primaryKey', 'tables[1]']);
    expect(issues.find((i) => formatPath(i.path) === 'tables[1]')!.message).toContain('"colour"');
  });

  it('finds broken cross-references with their JSON paths', () => {
    const input = validSpec() as any;
    input.tables[0].columns.push({ name: 'email', type: 'text', nullable: true });
    input.tables[0].indexes.push({ name: 'posts', columns: ['nope'] });
    input.tables[1].foreignKeys.push({ columns: ['author_id', 'id'], references: { table: 'users', columns: ['id'] } });
    input.tables[1].foreignKeys.push({ columns: ['id'], references: { table: 'users', columns: ['email2'] } });
    input.tables[1].columns[3].type = 'Role';
    input.tables[1].columns.push({ name: 'kind', type: 'mood', nullable: false });
    input.tables[1].columns.push({ name: 'bad', type: 'int); DROP TABLE x; --', nullable: false });
    input.tables[1].primaryKey = ['id', 'created'];
    input.tables.push({
      name: 'likes',
      columns: [{ name: 'email', type: 'text', nullable: false }],
      primaryKey: ['email'],
      foreignKeys: [{ columns: ['email'], references: { table: 'posts', columns: ['author_id'] } }],
    });
    expect(issuesOf(input)).toEqual([
      ['schema/duplicate-column', 'tables[0].columns[4].name'],
      ['schema/unknown-type', 'tables[1].columns[3].type'],
      ['schema/unknown-type', 'tables[1].columns[4].type'],
      ['schema/invalid-type', 'tables[1].columns[5].type'],
      ['schema/duplicate-name', 'tables[0].indexes[1].name'],
      ['schema/unknown-column', 'tables[0].indexes[1].columns[0]'],
      ['schema/unknown-column', 'tables[1].primaryKey[1]'],
      ['schema/foreign-key-arity', 'tables[1].foreignKeys[1].references.columns'],
      ['schema/unknown-column', 'tables[1].foreignKeys[2].references.columns[0]'],
      ['schema/foreign-key-target', 'tables[2].foreignKeys[0].references.columns'],
    ]);
  });

  it('requires non-null primary key columns and nullable columns for ON DELETE SET NULL', () => {
    const input = validSpec() as any;
    input.tables[0].columns[0].nullable = true;
    input.tables[1].foreignKeys[0].onDelete = 'set null';
    expect(issuesOf(input)).toEqual([
      ['schema/nullable-primary-key', 'tables[0].columns[0].nullable'],
      ['schema/foreign-key-set-null', 'tables[1].foreignKeys[0].onDelete'],
    ]);
  });

  it('accepts built-in multi-word, sized and array types, and enum arrays', () => {
    const input = validSpec() as any;
    input.tables[1].columns.push(
      { name: 'a', type: 'double precision', nullable: true },
      { name: 'b', type: 'numeric(10, 2)', nullable: true },
      { name: 'c', type: 'timestamp(3) without time zone', nullable: true },
      { name: 'd', type: 'role[]', nullable: true },
      { name: 'e', type: 'int4range', nullable: true },
    );
    expect(issuesOf(input)).toEqual([]);
  });
});

describe('JSON with positions', () => {
  const text = '{\n  "tables": [\n    { "name": "a",\n      "columns": [] }\n  ]\n}\n';

  it('maps paths to the key or item, and missing keys to the closest parent', () => {
    const doc = parseJsonWithPositions(text);
    expect(doc.errors).toEqual([]);
    expect(doc.locate(['tables', 0, 'columns'])).toEqual({ line: 4, column: 7 });
    expect(doc.locate(['tables', 0])).toEqual({ line: 3, column: 5 });
    expect(doc.locate(['tables', 0, 'primaryKey'])).toEqual({ line: 3, column: 5 });
    expect(doc.locate([])).toEqual({ line: 1, column: 1 });
  });

  it('reports duplicate keys, which JSON.parse would silently accept', () => {
    const doc = parseJsonWithPositions('{\n  "a": 1,\n  "a": 2\n}');
    expect(doc.errors).toEqual([{ message: expect.stringContaining('Duplicate key'), position: { line: 3, column: 3 } }]);
  });

  it('gives invalid JSON a position, including YAML-only syntax', () => {
    expect(parseJsonWithPositions('{\n  "a": [1, 2\n}').errors[0].position.line).toBe(3);
    expect(parseJsonWithPositions('{ a: 1 }').errors[0].position).toEqual({ line: 1, column: 3 });
    expect(parseJsonWithPositions('').errors).toHaveLength(1);
  });
});

describe('DDL generation', () => {
  it('is deterministic, starts with the do-not-edit header and ends with a newline', () => {
    const ddl = generateDdl(parse(validSpec()));
    expect(generateDdl(parse(validSpec()))).toBe(ddl);
    expect(ddl.startsWith(DDL_HEADER)).toBe(true);
    expect(ddl.endsWith(';\n')).toBe(true);
    expect(ddl).toContain("CREATE TYPE role AS ENUM ('admin', 'member');");
    expect(ddl).toContain('  "user" varchar(64),\n');
    expect(ddl).toContain("COMMENT ON TABLE users IS 'People who sign in (it''s them)';");
    expect(ddl).toContain('ALTER TABLE posts ADD FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE;');
    // Types, then tables, then foreign keys, then indexes.
    const order = ['CREATE TYPE', 'CREATE TABLE users', 'CREATE TABLE posts', 'ALTER TABLE posts', 'CREATE INDEX users_role_idx'].map((s) =>
      ddl.indexOf(s),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i > 0)).toBe(true);
  });

  it('quotes identifiers only when PostgreSQL needs it', () => {
    expect(['users', 'user', 'Users', 'order_items', '1a', 'naïve', 'a"b', 'select', 'name'].map(quoteIdent)).toEqual([
      'users',
      '"user"',
      '"Users"',
      'order_items',
      '"1a"',
      '"naïve"',
      '"a""b"',
      '"select"',
      'name',
    ]);
    const input = validSpec() as any;
    input.enums[0].name = 'Role Kind';
    input.tables[0].columns[2].type = 'Role Kind';
    expect(generateDdl(parse(input))).toContain('  role "Role Kind" DEFAULT \'member\' NOT NULL,');
  });

  it('maps generated offsets back to the most specific spec path', () => {
    const { ddl, segments } = generateDdlWithMap(parse(validSpec()));
    expect(specPathAt(segments, ddl.indexOf('timestamp with time zone'))).toEqual(['tables', 1, 'columns', 2, 'type']);
    expect(specPathAt(segments, ddl.indexOf('now()'))).toEqual(['tables', 1, 'columns', 2, 'default']);
    expect(specPathAt(segments, ddl.indexOf('REFERENCES users') + 11)).toEqual(['tables', 1, 'foreignKeys', 0, 'references', 'table']);
    expect(specPathAt(segments, ddl.indexOf('PRIMARY KEY (id)'))).toEqual(['tables', 0, 'primaryKey']);
    expect(specPathAt(segments, 0)).toBeUndefined();
  });

  it('finds the first differing line', () => {
    expect(firstDifferingLine('a\nb\nc\n', 'a\nb\nc\n')).toBeUndefined();
    expect(firstDifferingLine('a\nb\nc\n', 'a\nB\nc\n')).toEqual({ line: 2, expected: 'b', actual: 'B' });
    expect(firstDifferingLine('a\nb\n', 'a\nb\nextra\n')).toEqual({ line: 3, expected: '', actual: 'extra' });
    // A file that ends early (here: no final newline) is reported at its last line, which exists.
    expect(firstDifferingLine('a\nb\n', 'a\nb')).toEqual({ line: 2, expected: '', actual: undefined });
  });
});
