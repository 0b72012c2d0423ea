import type { Severity } from '../contract';
import { ParsedStatement, parseSql, statementOffsetOfLocation } from './pg-parser';
import {
  AVAILABLE_EXTENSIONS,
  ApplyResult,
  CatalogTable,
  closeEngine,
  EngineError,
  getEngine,
  StartInfo,
  StartOptions,
} from './pglite-engine';
import { stripPsqlOnly } from './sql-text';
import type { SchemaRule } from './rule-catalogue';

/** A problem in a SQL text, located by JS offset (the caller maps it to a file and line:col). */
export interface SqlIssue {
  rule: SchemaRule;
  severity: Severity;
  message: string;
  offset: number;
}

export interface SqlTimings {
  parseMs: number;
  resetMs: number;
  applyMs: number;
  catalogMs: number;
}

export interface SqlOutcome {
  issues: SqlIssue[];
  statements: ParsedStatement[];
  /** Engine error when the DDL did not apply (callers may map it elsewhere, e.g. to a spec path). */
  engineError?: EngineError;
  tables?: CatalogTable[];
  timings: SqlTimings;
  engine?: StartInfo;
}

/**
 * SQL checked for real: psql-only lines are findings, then libpg-query parses it, PGlite applies it
 * on a clean database, and the catalog names every table without a primary key.
 */
export async function checkSqlText(text: string, engineOptions: StartOptions = {}): Promise<SqlOutcome> {
  const timings: SqlTimings = { parseMs: 0, resetMs: 0, applyMs: 0, catalogMs: 0 };
  const issues: SqlIssue[] = [];
  const { sql, found } = stripPsqlOnly(text);
  for (const f of found) {
    if (f.kind === 'meta-command') {
      issues.push({
        rule: 'schema/psql-meta-command',
        severity: 'error',
        message: `"${truncate(f.text)}" is a psql meta-command, not SQL: remove it (a schema file must run through any PostgreSQL client).`,
        offset: f.start,
      });
    } else {
      issues.push({
        rule: 'schema/copy-data',
        severity: 'warning',
        message: `"${truncate(f.text)}" streams psql data, which is not checked: keep data out of schema files (dump with --schema-only).`,
        offset: f.start,
      });
    }
  }

  const parsed = await parseSql(sql);
  timings.parseMs = parsed.ms;
  if (!parsed.ok) {
    issues.push({
      rule: 'schema/syntax',
      severity: 'error',
      message: `Syntax error: ${parsed.error.message}. Fix the SQL at this position.`,
      offset: parsed.error.offset,
    });
    return { issues, statements: [], timings };
  }
  const statements = parsed.statements;
  if (statements.length === 0) {
    issues.push({
      rule: 'schema/empty',
      severity: 'error',
      message: 'No SQL statement found: the schema file must create its tables.',
      offset: 0,
    });
    return { issues, statements, timings };
  }

  if (engineOptions.skip) return { issues, statements, timings };
  let applied: ApplyResult;
  let engine: StartInfo | undefined;
  try {
    const instance = await getEngine(engineOptions);
    engine = instance.startInfo;
    applied = await instance.apply(sql, statements);
  } catch (error) {
    // The wasm instance itself failed: report it, and start a fresh one for the next input.
    await closeEngine().catch(() => undefined);
    issues.push({
      rule: 'schema/engine-error',
      severity: 'error',
      message: `PGlite could not apply this file: ${(error as Error).message}`,
      offset: 0,
    });
    return { issues, statements, timings };
  }
  timings.resetMs = applied.resetMs;
  timings.applyMs = applied.applyMs;
  timings.catalogMs = applied.catalogMs;

  if (applied.error) {
    refineStatementLocation(applied.error, statements);
    issues.push(engineIssue(applied.error));
    return { issues, statements, engineError: applied.error, timings, engine };
  }
  for (const table of applied.tables ?? []) {
    if (table.hasPrimaryKey) continue;
    const name = qualified(table);
    issues.push({
      rule: 'schema/missing-primary-key',
      severity: 'error',
      message: `Table ${name} has no primary key: add PRIMARY KEY (...) to its CREATE TABLE, or ALTER TABLE ${name} ADD PRIMARY KEY (...).`,
      offset: tableLocation(statements, table),
    });
  }
  return { issues, statements, tables: applied.tables, timings, engine };
}

export function qualified(table: { schema: string; name: string }): string {
  const q = (n: string) => (/^[a-z_][a-z0-9_$]*$/.test(n) ? n : `"${n.replace(/"/g, '""')}"`);
  return table.schema === 'public' ? q(table.name) : `${q(table.schema)}.${q(table.name)}`;
}

/** Offset of the name in the statement that created the table (CREATE TABLE [AS], SELECT INTO). */
function tableLocation(statements: ParsedStatement[], table: CatalogTable): number {
  let fallback: number | undefined;
  for (const statement of statements) {
    const relation =
      statement.kind === 'CreateStmt'
        ? statement.node.relation
        : statement.kind === 'CreateTableAsStmt'
          ? statement.node.into?.rel
          : undefined;
    if (!relation || relation.relname !== table.name) continue;
    const offset = statementOffsetOfLocation(statement, relation.location);
    if (relation.schemaname === table.schema) return offset;
    if (relation.schemaname === undefined) fallback ??= offset;
  }
  return fallback ?? 0;
}

/**
 * Errors without a position only name their statement; when the message quotes a name (relation
 * "users"), point at that name inside the statement instead of at its first keyword.
 */
function refineStatementLocation(error: EngineError, statements: ParsedStatement[]): void {
  if (error.located !== 'statement' || error.statementIndex === undefined) return;
  const statement = statements[error.statementIndex];
  const quoted = /"([^"]+)"/.exec(error.message)?.[1];
  if (!statement || !quoted) return;
  const escaped = quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`"${escaped}"|(?<![A-Za-z0-9_$"])${escaped}(?![A-Za-z0-9_$"])`, 'gi');
  const matches = [...statement.text.matchAll(pattern)];
  // A duplicate column is wrong at its second occurrence; anything else at its first mention.
  const match = error.code === '42701' ? matches[matches.length - 1] : matches[0];
  if (match?.index !== undefined) error.offset = statement.start + match.index;
}

/** SQLSTATE → rule id and what to do about it. */
const ENGINE_RULES: Record<string, { rule: SchemaRule; fix: string }> = {
  '42704': { rule: 'schema/unknown-type', fix: 'create the type (or extension) first or use a built-in type' },
  '42P01': { rule: 'schema/unknown-table', fix: 'create the referenced table first or fix its name' },
  '42703': { rule: 'schema/unknown-column', fix: 'fix the column name or add the column' },
  '42701': { rule: 'schema/duplicate-column', fix: 'rename or remove one of the columns' },
  '42P07': { rule: 'schema/duplicate-name', fix: 'rename or remove one of the objects' },
  '42710': { rule: 'schema/duplicate-name', fix: 'rename or remove one of the objects' },
  '42P16': { rule: 'schema/invalid-table-definition', fix: 'fix the table definition' },
  '42830': { rule: 'schema/foreign-key-target', fix: 'reference a primary key or unique columns' },
  '42804': { rule: 'schema/type-mismatch', fix: 'use matching types' },
  '3F000': { rule: 'schema/unknown-schema', fix: 'create the schema first or fix its name' },
  '42601': { rule: 'schema/syntax', fix: 'fix the SQL' },
};

export function engineIssue(error: EngineError): SqlIssue {
  const extension = /extension "([^"]+)" is not available/.exec(error.message);
  if (extension) {
    return {
      rule: 'schema/unknown-extension',
      severity: 'error',
      message: `Extension "${extension[1]}" is not available in PGlite, so this schema cannot be verified: remove it, or use one of ${AVAILABLE_EXTENSIONS.join(', ')}.`,
      offset: error.offset,
    };
  }
  const known = ENGINE_RULES[error.code ?? ''] ?? { rule: 'schema/sql-error', fix: 'fix the statement' };
  const extra = [error.detail, error.hint].filter(Boolean).join(' ');
  const where = error.located === 'statement' ? ' (in this statement; PostgreSQL gave no exact position)' : '';
  return {
    rule: known.rule,
    severity: 'error',
    message: `PostgreSQL rejects this: ${error.message}${where}${extra ? `. ${extra}` : ''}. To fix: ${known.fix}.`,
    offset: error.offset,
  };
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
