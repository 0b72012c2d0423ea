import { z } from 'zod';
import { BUILTIN_MULTIWORD_TYPES, BUILTIN_TYPES, MAX_IDENTIFIER_BYTES } from './pg-names';
import type { SchemaRule } from './rule-catalogue';

/**
 * Our versioned table spec (`schemas/<name>.json`, checks.md). zod is the single definition: the
 * TypeScript type is inferred from it and the JSON Schema published for editors is derived from it.
 */
const identifier = z
  .string()
  .min(1)
  .max(MAX_IDENTIFIER_BYTES)
  .describe('A PostgreSQL name (at most 63 bytes; quoted in the DDL only when needed)');

export const ON_DELETE_ACTIONS = ['cascade', 'restrict', 'set null', 'set default', 'no action'] as const;

const column = z
  .object({
    name: identifier,
    type: z
      .string()
      .min(1)
      .describe(
        'PostgreSQL type, e.g. "text", "varchar(255)", "numeric(10,2)", "timestamptz", "text[]", or the name of an enum of this spec',
      ),
    nullable: z.boolean().describe('false adds NOT NULL'),
    default: z.string().min(1).optional().describe('SQL expression used verbatim, e.g. "now()", "\'active\'", "0"'),
    unique: z.boolean().optional().describe('true adds a UNIQUE constraint on this column'),
  })
  .strict();

const foreignKey = z
  .object({
    columns: z.array(identifier).min(1),
    references: z.object({ table: identifier, columns: z.array(identifier).min(1) }).strict(),
    onDelete: z.enum(ON_DELETE_ACTIONS).optional(),
  })
  .strict();

const index = z
  .object({
    name: identifier,
    columns: z.array(identifier).min(1),
    unique: z.boolean().optional(),
  })
  .strict();

const table = z
  .object({
    name: identifier,
    comment: z.string().optional(),
    columns: z.array(column).min(1),
    primaryKey: z.array(identifier).min(1).describe('Column names of the primary key (required: every table has one)'),
    foreignKeys: z.array(foreignKey).default([]),
    indexes: z.array(index).default([]),
  })
  .strict();

const enumType = z
  .object({
    name: identifier,
    values: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const tableSpecSchema = z
  .object({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors'),
    version: z.literal(1).describe('Version of this spec format'),
    dialect: z.literal('postgresql'),
    enums: z.array(enumType).default([]),
    tables: z.array(table).min(1),
  })
  .strict()
  .describe('plan table spec: the source from which schemas/<name>.sql is generated');

export type TableSpec = z.infer<typeof tableSpecSchema>;
export type TableSpecInput = z.input<typeof tableSpecSchema>;
export type SpecPath = (string | number)[];

export interface SpecIssue {
  rule: SchemaRule;
  path: SpecPath;
  message: string;
}

/** The JSON Schema (draft 2020-12) for editors: what a spec file may contain (input shape). */
export function tableSpecJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(tableSpecSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}

/** Shape errors as issues with JSON paths; `spec` is set only when the shape is valid. */
export function parseTableSpec(value: unknown): { spec?: TableSpec; issues: SpecIssue[] } {
  const result = tableSpecSchema.safeParse(value);
  if (result.success) return { spec: result.data, issues: [] };
  const issues = result.error.issues.map((issue): SpecIssue => ({
    rule: 'schema/spec-invalid',
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: describeZodIssue(issue),
  }));
  return { issues };
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? formatPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol')) : 'the spec';
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${where} is required: add it (see the table spec's JSON Schema).`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `Unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} in ${where}: remove them or fix the spelling.`;
  }
  return `${where}: ${issue.message}.`;
}

/** `tables[0].columns[2].name` */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

const TYPE_PATTERN =
  /^[A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z_][A-Za-z0-9_]*)*(?:\(\s*\d+\s*(?:,\s*\d+\s*)?\))?(?: with(?:out)? time zone)?((?:\[\d*\])*)$/i;

/** Base type name of a column type: lower-cased, without (n,m), array brackets or time zone. */
export function baseTypeName(type: string): string {
  return type
    .replace(/(\[\d*\])+$/, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The enum a column type names (with or without array brackets), if any. */
export function enumOfType(spec: TableSpec, type: string): string | undefined {
  const bare = type.replace(/(\[\d*\])+$/, '');
  return spec.enums.find((e) => e.name === bare)?.name;
}

/**
 * Cross-references the zod shape cannot express: names unique, keys and indexes point at existing
 * columns, foreign keys at existing tables with matching arity and a unique target, types exist.
 */
export function crossReferenceIssues(spec: TableSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (rule: SchemaRule, path: SpecPath, message: string) => issues.push({ rule, path, message });

  const byteLength = (name: string) => Buffer.byteLength(name, 'utf8');
  const checkName = (name: string, path: SpecPath) => {
    if (byteLength(name) > 63)
      add('schema/name-too-long', path, `"${name}" is ${byteLength(name)} bytes; PostgreSQL truncates names to 63 bytes: shorten it.`);
  };

  // Tables, indexes (and the composite type of each table) share one namespace.
  const relationNames = new Map<string, SpecPath>();
  const typeNames = new Map<string, SpecPath>();
  spec.enums.forEach((e, i) => {
    checkName(e.name, ['enums', i, 'name']);
    const earlier = typeNames.get(e.name);
    if (earlier)
      add(
        'schema/duplicate-name',
        ['enums', i, 'name'],
        `Enum "${e.name}" is already declared at ${formatPath(earlier)}: rename or remove one.`,
      );
    else typeNames.set(e.name, ['enums', i, 'name']);
    const seen = new Set<string>();
    e.values.forEach((v, j) => {
      if (seen.has(v))
        add('schema/duplicate-name', ['enums', i, 'values', j], `Enum "${e.name}" lists "${v}" twice: remove the duplicate.`);
      seen.add(v);
    });
  });

  const tables = new Map<string, { index: number; columns: Map<string, number> }>();
  spec.tables.forEach((t, i) => {
    checkName(t.name, ['tables', i, 'name']);
    const earlier = relationNames.get(t.name);
    if (earlier)
      add(
        'schema/duplicate-name',
        ['tables', i, 'name'],
        `Table "${t.name}" is already declared at ${formatPath(earlier)}: rename or remove one.`,
      );
    else relationNames.set(t.name, ['tables', i, 'name']);
    const sameType = typeNames.get(t.name);
    if (sameType)
      add(
        'schema/duplicate-name',
        ['tables', i, 'name'],
        `Table "${t.name}" has the name of the enum at ${formatPath(sameType)} (a table is also a type): rename one.`,
      );
    const columns = new Map<string, number>();
    t.columns.forEach((c, j) => {
      checkName(c.name, ['tables', i, 'columns', j, 'name']);
      if (columns.has(c.name))
        add(
          'schema/duplicate-column',
          ['tables', i, 'columns', j, 'name'],
          `Column "${c.name}" appears twice in table "${t.name}": rename or remove one.`,
        );
      else columns.set(c.name, j);
      checkType(spec, c.type, ['tables', i, 'columns', j, 'type'], add);
    });
    if (!tables.has(t.name)) tables.set(t.name, { index: i, columns });
  });

  spec.tables.forEach((t, i) => {
    const ownColumns = columnMap(t);
    const known = (name: string) => ownColumns.has(name);
    const duplicatesIn = (list: string[], path: SpecPath, what: string) => {
      const seen = new Set<string>();
      list.forEach((name, k) => {
        if (seen.has(name))
          add('schema/duplicate-name', [...path, k], `Column "${name}" is listed twice in ${what}: remove the duplicate.`);
        seen.add(name);
      });
    };

    t.primaryKey.forEach((name, k) => {
      const path: SpecPath = ['tables', i, 'primaryKey', k];
      if (!known(name))
        add(
          'schema/unknown-column',
          path,
          `Primary key column "${name}" is not a column of table "${t.name}": add the column or fix the name.`,
        );
      else if (t.columns[ownColumns.get(name)!].nullable) {
        add(
          'schema/nullable-primary-key',
          ['tables', i, 'columns', ownColumns.get(name)!, 'nullable'],
          `Column "${name}" is in the primary key of "${t.name}" but marked nullable: set "nullable": false.`,
        );
      }
    });
    duplicatesIn(t.primaryKey, ['tables', i, 'primaryKey'], `the primary key of "${t.name}"`);

    t.foreignKeys.forEach((fk, k) => {
      const base: SpecPath = ['tables', i, 'foreignKeys', k];
      fk.columns.forEach((name, m) => {
        if (!known(name))
          add(
            'schema/unknown-column',
            [...base, 'columns', m],
            `Foreign key column "${name}" is not a column of table "${t.name}": add the column or fix the name.`,
          );
      });
      duplicatesIn(fk.columns, [...base, 'columns'], `a foreign key of "${t.name}"`);
      const target = tables.get(fk.references.table);
      if (!target) {
        add(
          'schema/unknown-table',
          [...base, 'references', 'table'],
          `Foreign key of "${t.name}" references table "${fk.references.table}", which the spec does not declare: add that table or fix the name.`,
        );
        return;
      }
      if (fk.references.columns.length !== fk.columns.length) {
        add(
          'schema/foreign-key-arity',
          [...base, 'references', 'columns'],
          `Foreign key of "${t.name}" has ${fk.columns.length} column(s) but references ${fk.references.columns.length}: list the same number on both sides.`,
        );
      }
      const targetTable = spec.tables[target.index];
      let allKnown = true;
      fk.references.columns.forEach((name, m) => {
        if (!target.columns.has(name)) {
          allKnown = false;
          add(
            'schema/unknown-column',
            [...base, 'references', 'columns', m],
            `Column "${name}" is not a column of referenced table "${targetTable.name}": fix the name.`,
          );
        }
      });
      if (allKnown && !isUniqueKey(targetTable, fk.references.columns)) {
        add(
          'schema/foreign-key-target',
          [...base, 'references', 'columns'],
          `Referenced columns (${fk.references.columns.join(', ')}) of "${targetTable.name}" are not its primary key or a unique column/index: PostgreSQL rejects such a foreign key; reference the primary key.`,
        );
      }
      if (fk.onDelete === 'set null') {
        for (const name of fk.columns) {
          const j = ownColumns.get(name);
          if (j !== undefined && !t.columns[j].nullable) {
            add(
              'schema/foreign-key-set-null',
              [...base, 'onDelete'],
              `onDelete "set null" needs nullable columns, but "${t.name}.${name}" is not nullable: make it nullable or choose another action.`,
            );
          }
        }
      }
    });

    t.indexes.forEach((ix, k) => {
      const path: SpecPath = ['tables', i, 'indexes', k, 'name'];
      checkName(ix.name, path);
      const earlier = relationNames.get(ix.name);
      if (earlier)
        add(
          'schema/duplicate-name',
          path,
          `Index "${ix.name}" has the same name as ${formatPath(earlier)} (indexes and tables share one namespace): rename it.`,
        );
      else relationNames.set(ix.name, path);
      ix.columns.forEach((name, m) => {
        if (!known(name))
          add(
            'schema/unknown-column',
            ['tables', i, 'indexes', k, 'columns', m],
            `Index column "${name}" is not a column of table "${t.name}": fix the name.`,
          );
      });
      duplicatesIn(ix.columns, ['tables', i, 'indexes', k, 'columns'], `index "${ix.name}"`);
    });
  });
  return issues;
}

function columnMap(t: TableSpec['tables'][number]): Map<string, number> {
  const map = new Map<string, number>();
  t.columns.forEach((c, j) => {
    if (!map.has(c.name)) map.set(c.name, j);
  });
  return map;
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

function isUniqueKey(t: TableSpec['tables'][number], columns: string[]): boolean {
  if (sameSet(t.primaryKey, columns)) return true;
  if (columns.length === 1 && t.columns.some((c) => c.name === columns[0] && c.unique)) return true;
  return t.indexes.some((ix) => ix.unique && sameSet(ix.columns, columns));
}

function checkType(spec: TableSpec, type: string, path: SpecPath, add: (rule: SchemaRule, path: SpecPath, message: string) => void): void {
  if (enumOfType(spec, type)) return;
  if (!TYPE_PATTERN.test(type.trim())) {
    add(
      'schema/invalid-type',
      path,
      `Type "${type}" is not a type name (expected e.g. "text", "varchar(255)", "numeric(10,2)", "text[]" or an enum of this spec): fix it.`,
    );
    return;
  }
  const base = baseTypeName(type);
  if (BUILTIN_TYPES.has(base) || BUILTIN_MULTIWORD_TYPES.has(base)) return;
  const declared = spec.enums.map((e) => e.name);
  const near = declared.find((n) => n.toLowerCase() === base);
  add(
    'schema/unknown-type',
    path,
    `Type "${type}" is neither a built-in PostgreSQL type nor an enum declared in "enums"` +
      (near ? ` (did you mean enum "${near}"? names are case-sensitive)` : ': declare the enum or use a built-in type.'),
  );
}
