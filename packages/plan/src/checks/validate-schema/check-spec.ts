import type { Finding } from '../contract';
import { lineColAt } from '../../utils/positions';
import { checkSqlText, qualified, SqlTimings } from './check-sql';
import { firstDifferingLine, generateDdlWithMap, specPathAt } from './ddl';
import { parseJsonWithPositions } from './json-positions';
import type { CatalogTable, StartInfo, StartOptions } from './pglite-engine';
import { crossReferenceIssues, formatPath, parseTableSpec, SpecPath } from './table-spec';
import type { SchemaRule } from './rule-catalogue';

export interface SpecFiles {
  /** Paths as given (for findings). */
  jsonFile: string;
  sqlFile: string;
  jsonText: string;
  /** undefined when the sibling .sql does not exist. */
  sqlText?: string;
}

export interface SpecOutcome {
  findings: Finding<SchemaRule>[];
  tables?: CatalogTable[];
  timings?: SqlTimings;
  engine?: StartInfo;
}

/**
 * A table spec: valid JSON, valid shape, cross-references hold, the committed .sql equals the DDL
 * generated from it, and that DDL parses, applies on PostgreSQL and gives every table a primary key.
 * Engine errors are mapped back to the spec path whose generated text failed.
 */
export async function checkSpec(files: SpecFiles, engineOptions: StartOptions = {}): Promise<SpecOutcome> {
  const findings: Finding<SchemaRule>[] = [];
  const doc = parseJsonWithPositions(files.jsonText);
  for (const e of doc.errors)
    findings.push({ rule: 'schema/invalid-json', severity: 'error', message: e.message, file: files.jsonFile, ...e.position });
  if (doc.value === undefined || doc.errors.length) return { findings };

  const atPath = (rule: SchemaRule, path: SpecPath, message: string): Finding<SchemaRule> => ({
    rule,
    severity: 'error',
    message: path.length && !message.startsWith(formatPath(path)) ? `${formatPath(path)}: ${message}` : message,
    file: files.jsonFile,
    ...doc.locate(path),
  });

  const { spec, issues } = parseTableSpec(doc.value);
  for (const issue of issues) findings.push(atPath(issue.rule, issue.path, issue.message));
  if (!spec) return { findings };
  const crossIssues = crossReferenceIssues(spec);
  for (const issue of crossIssues) findings.push(atPath(issue.rule, issue.path, issue.message));

  const { ddl, segments } = generateDdlWithMap(spec);
  if (files.sqlText === undefined) {
    findings.push({
      rule: 'schema/ddl-missing',
      severity: 'error',
      message: `${files.sqlFile} does not exist: generate it from ${files.jsonFile} (the DDL is part of the schema and is committed).`,
      file: files.jsonFile,
      line: 1,
      column: 1,
    });
  } else {
    const diff = firstDifferingLine(ddl, files.sqlText.replace(/\r\n/g, '\n'));
    if (diff) {
      const show = (s: string | undefined) => (s === undefined ? '(end of file)' : `"${s.length > 80 ? `${s.slice(0, 77)}...` : s}"`);
      findings.push({
        rule: 'schema/ddl-drift',
        severity: 'error',
        message:
          `${files.sqlFile} differs from the DDL generated from ${files.jsonFile} at line ${diff.line}: ` +
          (diff.actual === undefined && diff.expected === ''
            ? 'the final newline is missing'
            : `expected ${show(diff.expected)}, found ${show(diff.actual)}`) +
          '. Regenerate the .sql from the .json; do not edit it by hand.',
        file: files.sqlFile,
        line: diff.line,
        column: 1,
      });
    }
  }
  // The engine would only repeat cross-reference errors less precisely.
  if (crossIssues.length) return { findings };

  const outcome = await checkSqlText(ddl, engineOptions);
  for (const issue of outcome.issues) {
    const path = specPathAt(segments, issue.offset);
    if (issue.rule === 'schema/missing-primary-key') continue; // mapped below from the catalog
    const source = path ? formatPath(path) : 'the spec';
    const where = lineColAt(ddl, issue.offset);
    findings.push({
      ...atPath(issue.rule, path ?? [], `The DDL generated from ${source} (line ${where.line} of the .sql) fails: ${issue.message}`),
      severity: issue.severity,
    });
  }
  for (const table of outcome.tables ?? []) {
    if (table.hasPrimaryKey) continue;
    const index = spec.tables.findIndex((t) => t.name === table.name);
    findings.push(
      atPath(
        'schema/missing-primary-key',
        index >= 0 ? ['tables', index, 'primaryKey'] : [],
        `Table ${qualified(table)} has no primary key: list its key columns in "primaryKey".`,
      ),
    );
  }
  return { findings, tables: outcome.tables, timings: outcome.timings, engine: outcome.engine };
}
