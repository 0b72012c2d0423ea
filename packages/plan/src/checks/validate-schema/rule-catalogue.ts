import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'schema/not-found': { severity: 'error', help: 'A schema file (.json table spec or .sql) does not exist.' },
  'schema/unreadable': { severity: 'error', help: 'A schema file cannot be read.' },
  'schema/too-large': { severity: 'error', help: 'A schema file is over the size cap.' },
  'schema/unsupported-file': { severity: 'error', help: 'Give schemas/<name>.json table specs or .sql DDL files.' },
  'schema/empty': { severity: 'error', help: 'The file holds no table.' },
  'schema/invalid-json': { severity: 'error', help: 'The table spec is not valid JSON.' },
  'schema/spec-invalid': {
    severity: 'error',
    help: 'The table spec does not follow its schema (version, dialect, tables, columns, primaryKey, ...).',
  },
  'schema/ddl-missing': { severity: 'error', help: 'The .sql generated from the table spec is missing: generate it.' },
  'schema/ddl-drift': { severity: 'error', help: 'The committed .sql differs from the DDL generated from the table spec: regenerate it.' },
  'schema/missing-primary-key': { severity: 'error', help: 'Every table needs a primary key.' },
  'schema/nullable-primary-key': { severity: 'error', help: 'A primary-key column is nullable.' },
  'schema/duplicate-column': { severity: 'error', help: 'A table defines a column twice.' },
  'schema/duplicate-name': { severity: 'error', help: 'Two tables, types, indexes or constraints share a name.' },
  'schema/name-too-long': { severity: 'error', help: 'An identifier is longer than PostgreSQL allows (63 bytes).' },
  'schema/unknown-table': { severity: 'error', help: 'A reference names a table that is not defined (before it).' },
  'schema/unknown-column': { severity: 'error', help: 'A key, index or reference names a column that does not exist.' },
  'schema/unknown-type': { severity: 'error', help: 'A column type is neither built in nor defined (enum, extension type).' },
  'schema/unknown-schema': { severity: 'error', help: 'A statement names a schema that does not exist.' },
  'schema/unknown-extension': {
    severity: 'error',
    help: 'CREATE EXTENSION names an extension PGlite does not have: the schema cannot be verified.',
  },
  'schema/invalid-type': { severity: 'error', help: 'A column type is malformed.' },
  'schema/type-mismatch': { severity: 'error', help: 'A foreign key joins columns of different types.' },
  'schema/foreign-key-target': { severity: 'error', help: 'A foreign key must reference a primary key or unique columns.' },
  'schema/foreign-key-arity': { severity: 'error', help: 'A foreign key lists a different number of columns than it references.' },
  'schema/foreign-key-set-null': { severity: 'error', help: 'ON DELETE SET NULL on a NOT NULL column.' },
  'schema/invalid-table-definition': { severity: 'error', help: 'PostgreSQL rejects the table definition.' },
  'schema/syntax': { severity: 'error', help: 'The SQL does not parse (PostgreSQL parser).' },
  'schema/sql-error': { severity: 'error', help: 'PostgreSQL rejects a statement.' },
  'schema/psql-meta-command': { severity: 'error', help: 'A psql meta-command (\\c, \\i, ...) is not SQL.' },
  'schema/copy-data': { severity: 'warning', help: 'COPY ... FROM stdin data is skipped: only the schema is checked.' },
  'schema/engine-error': { severity: 'error', help: 'The PostgreSQL engine (PGlite) failed: the schema was not verified.' },
});

export type SchemaRule = RuleId<typeof rules>;
