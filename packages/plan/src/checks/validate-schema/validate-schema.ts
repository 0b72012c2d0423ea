import { closeEngine, getEngine } from './pglite-engine';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { lineColAt } from '../../utils/positions';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readTextCapped, TEXT_LIMITS } from '../read-text';
import { checkSpec } from './check-spec';
import { checkSqlText, qualified, SqlTimings } from './check-sql';
import type { CatalogTable, StartInfo } from './pglite-engine';
import { rules, SchemaRule } from './rule-catalogue';

interface ValidateSchemaOptions {
  cacheDir?: string;
  skipEngine?: boolean;
}

/** One thing to check: a spec (with its sibling .sql) or a .sql file on its own. Paths as given. */
type Unit = { kind: 'spec'; json: string; sql: string } | { kind: 'sql'; sql: string };

/**
 * validate-schema: "JSON schema passes validation; DDL generated; all tables have primary keys".
 * A .json table spec is validated, its generated DDL compared with the committed .sql and applied
 * on PGlite; a .sql alone (an existing schema) is parsed, applied and checked for primary keys.
 */
export const check: CheckDefinition<ValidateSchemaOptions, SchemaRule> = {
  name: 'validate-schema',
  rules,
  dispose: () => closeEngine(),
  summary: 'Table specs (.json) are valid, their .sql is up to date, the DDL applies on PostgreSQL and every table has a primary key',
  pathsDescription: 'schemas/<name>.json specs, .sql files, or folders holding them',
  options: [
    {
      name: 'cacheDir',
      type: 'string',
      description: 'Folder for the cached PGlite data-dir snapshot (default: $PLAN_CACHE_DIR or <tmpdir>/plan-cache)',
    },
    {
      name: 'skipEngine',
      type: 'boolean',
      description: 'Only parse and check specs (no PGlite: no semantic errors, no primary-key check from the catalog)',
      default: false,
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0)
      throw new CheckUsageError('validate-schema needs at least one path (a schemas/<name>.json spec, a .sql file or a folder).');
    if (options.cacheDir !== undefined && typeof options.cacheDir !== 'string')
      throw new CheckUsageError('validate-schema: --cache-dir must be a folder path.');
    const engineOptions = {
      ...(options.cacheDir ? { cacheDir: path.resolve(context.cwd, options.cacheDir) } : {}),
      skip: options.skipEngine === true,
    };
    const started = performance.now();
    const findings: Finding<SchemaRule>[] = [];
    const units = await collectUnits(paths, context.cwd, findings);
    // PostgreSQL starts while the files are read and parsed (its start is most of a cold check);
    // a start that fails here fails again, and is reported, where an input is applied.
    if (!engineOptions.skip && units.length > 0) getEngine(engineOptions).catch(() => undefined);

    const tablesByFile: Record<string, string[]> = {};
    const totals: SqlTimings = { parseMs: 0, resetMs: 0, applyMs: 0, catalogMs: 0 };
    let engine: StartInfo | undefined;
    const record = (file: string, tables: CatalogTable[] | undefined, timings: SqlTimings | undefined, info: StartInfo | undefined) => {
      if (tables) tablesByFile[file] = tables.map(qualified);
      if (timings) for (const key of Object.keys(totals) as (keyof SqlTimings)[]) totals[key] += timings[key];
      engine ??= info;
    };

    for (const unit of units) {
      context.log?.(`validate-schema: ${unit.kind === 'spec' ? unit.json : unit.sql}`);
      if (unit.kind === 'spec') {
        const jsonText = await readText(context.cwd, unit.json, findings);
        if (jsonText === undefined) continue;
        // A missing .sql is the spec check's finding (it names the file to generate); a huge one is refused here.
        const sqlRead = await readTextCapped(path.resolve(context.cwd, unit.sql), TEXT_LIMITS.schema, 'schema file').catch(() => undefined);
        if (sqlRead?.tooLarge !== undefined) {
          findings.push({ rule: 'schema/too-large', severity: 'error', message: sqlRead.tooLarge, file: unit.sql });
          continue;
        }
        const sqlText = sqlRead?.text;
        const outcome = await checkSpec({ jsonFile: unit.json, sqlFile: unit.sql, jsonText, sqlText }, engineOptions);
        findings.push(...outcome.findings);
        record(unit.json, outcome.tables, outcome.timings, outcome.engine);
      } else {
        const text = await readText(context.cwd, unit.sql, findings);
        if (text === undefined) continue;
        const outcome = await checkSqlText(text, engineOptions);
        for (const issue of outcome.issues) {
          findings.push({
            rule: issue.rule,
            severity: issue.severity,
            message: issue.message,
            file: unit.sql,
            ...lineColAt(text, issue.offset),
          });
        }
        record(unit.sql, outcome.tables, outcome.timings, outcome.engine);
      }
    }

    const round = (ms: number) => Math.round(ms * 10) / 10;
    const allTables = Object.values(tablesByFile).flat();
    return resultOf('validate-schema', findings, {
      files: units.length,
      specs: units.filter((u) => u.kind === 'spec').length,
      sqlFiles: units.filter((u) => u.kind === 'sql').length,
      tableCount: allTables.length,
      tables: allTables,
      tablesByFile,
      timings: {
        engineStart: engine
          ? { source: engine.source, ms: round(engine.ms), ...(engine.snapshotNote ? { note: engine.snapshotNote } : {}) }
          : undefined,
        parseMs: round(totals.parseMs),
        resetMs: round(totals.resetMs),
        applyMs: round(totals.applyMs),
        catalogMs: round(totals.catalogMs),
        totalMs: round(performance.now() - started),
      },
    });
  },
};

async function readText(cwd: string, given: string, findings: Finding<SchemaRule>[]): Promise<string | undefined> {
  try {
    const read = await readTextCapped(path.resolve(cwd, given), TEXT_LIMITS.schema, 'schema file');
    if (read.tooLarge === undefined) return read.text;
    findings.push({ rule: 'schema/too-large', severity: 'error', message: read.tooLarge, file: given });
    return undefined;
  } catch (error) {
    findings.push({
      rule: 'schema/unreadable',
      severity: 'error',
      message: `Cannot read the file (${(error as Error).message}): check its permissions.`,
      file: given,
    });
    return undefined;
  }
}

const SKIP_DIRS = new Set(['node_modules', 'dist']);

/**
 * Expands the given paths: a folder gives every .json spec in it (files named *.schema.json are
 * JSON Schemas for editors, not specs) and every .sql without a sibling .json; a .sql with a
 * sibling .json is checked through the .json.
 */
async function collectUnits(paths: string[], cwd: string, findings: Finding<SchemaRule>[]): Promise<Unit[]> {
  const units: Unit[] = [];
  const seen = new Set<string>();
  const add = (unit: Unit) => {
    const key = path.resolve(cwd, unit.kind === 'spec' ? unit.json : unit.sql);
    if (!seen.has(key)) (seen.add(key), units.push(unit));
  };
  const sibling = (file: string, ext: string) => file.replace(/\.[^./\\]+$/, ext);
  const exists = (file: string) =>
    fs.stat(path.resolve(cwd, file)).then(
      (s) => s.isFile(),
      () => false,
    );

  const addFile = async (given: string, explicit: boolean) => {
    const lower = given.toLowerCase();
    if (lower.endsWith('.json')) {
      if (!explicit && lower.endsWith('.schema.json')) return;
      add({ kind: 'spec', json: given, sql: sibling(given, '.sql') });
    } else if (lower.endsWith('.sql')) {
      const json = sibling(given, '.json');
      if (await exists(json)) add({ kind: 'spec', json, sql: given });
      else add({ kind: 'sql', sql: given });
    } else if (explicit) {
      findings.push({
        rule: 'schema/unsupported-file',
        severity: 'error',
        message: 'Expected a .json table spec, a .sql file or a folder: pass one of those.',
        file: given,
      });
    }
  };
  const walk = async (given: string) => {
    const entries = await fs.readdir(path.resolve(cwd, given), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const child = path.join(given, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name)) await walk(child);
      } else if (entry.isFile()) await addFile(child, false);
    }
  };

  for (const given of paths) {
    const stat = await fs.stat(path.resolve(cwd, given)).catch(() => undefined);
    if (!stat) {
      findings.push({
        rule: 'schema/not-found',
        severity: 'error',
        message: 'Path does not exist: create the schema file or fix the path.',
        file: given,
      });
    } else if (stat.isDirectory()) {
      const before = units.length;
      await walk(given);
      if (units.length === before) {
        findings.push({
          rule: 'schema/not-found',
          severity: 'error',
          message: 'Folder holds no .json table spec or .sql file: add the schema or fix the path.',
          file: given,
        });
      }
    } else await addFile(given, true);
  }
  return units;
}
