import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../contract';
import type { MlArea, TableSpecRule } from './rule-catalogue';
import { parseJsonWithPositions } from '../validate-schema/json-positions';
import { baseTypeName, enumOfType, formatPath as formatSpecPath, parseTableSpec, TableSpec } from '../validate-schema/table-spec';

/**
 * The table spec (schemas/<name>.json, validate-schema's format) as a source of table and column
 * names. Only the shape must hold here; the spec's own correctness is validate-schema's job.
 */
export interface LoadedSpec<A extends MlArea> {
  spec?: TableSpec;
  findings: Finding<`${A}/${TableSpecRule}`>[];
}

/** Reads and shape-checks a table spec; problems become one finding each (`<area>/schema-*`). */
export async function loadTableSpec<A extends MlArea>(cwd: string, given: string, area: A): Promise<LoadedSpec<A>> {
  const text = await fs.readFile(path.resolve(cwd, given), 'utf8').catch((error: NodeJS.ErrnoException) => error);
  if (typeof text !== 'string') {
    const missing = text.code === 'ENOENT' || text.code === 'ENOTDIR';
    return {
      findings: [
        {
          rule: `${area}/schema-not-found` as const,
          severity: 'error',
          message: missing
            ? `Table spec ${given} does not exist: create it (the schema task writes it) or fix the schema option.`
            : `Cannot read table spec ${given} (${text.code ?? text.message}): give a readable schemas/<name>.json.`,
          file: given,
        },
      ],
    };
  }
  const doc = parseJsonWithPositions(text);
  if (doc.value === undefined || doc.errors.length) {
    const first = doc.errors[0];
    return {
      findings: [
        {
          rule: `${area}/schema-invalid` as const,
          severity: 'error',
          message: `${first?.message ?? 'Invalid JSON.'} (run validate-schema on ${given} for details).`,
          file: given,
          ...(first?.position ?? { line: 1, column: 1 }),
        },
      ],
    };
  }
  const { spec, issues } = parseTableSpec(doc.value);
  if (!spec) {
    const first = issues[0];
    return {
      findings: [
        {
          rule: `${area}/schema-invalid` as const,
          severity: 'error',
          message: `The table spec is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}; first: ${first ? `${formatSpecPath(first.path)}: ${first.message}` : 'unknown'}). Fix it first: run validate-schema on ${given}.`,
          file: given,
          ...doc.locate(first?.path ?? []),
        },
      ],
    };
  }
  return { spec, findings: [] };
}

export interface SpecColumn {
  name: string;
  type: string;
  /** The spec's enum type, when the column uses one. */
  enumName?: string;
}

export function tableOf(spec: TableSpec, name: string): TableSpec['tables'][number] | undefined {
  return spec.tables.find((t) => t.name === name);
}

export function columnsOf(spec: TableSpec, table: TableSpec['tables'][number]): Map<string, SpecColumn> {
  const map = new Map<string, SpecColumn>();
  for (const c of table.columns) if (!map.has(c.name)) map.set(c.name, { name: c.name, type: c.type, enumName: enumOfType(spec, c.type) });
  return map;
}

/** Types H2O reads as categorical (enum) columns: character types, enums and booleans. */
const CATEGORICAL_TYPES = new Set([
  'text',
  'varchar',
  'character varying',
  'char',
  'character',
  'bpchar',
  'citext',
  'name',
  'bool',
  'boolean',
]);

export function isTextLike(column: SpecColumn): boolean {
  if (column.enumName) return true;
  if (/\[\d*\]$/.test(column.type.trim())) return false;
  return CATEGORICAL_TYPES.has(baseTypeName(column.type));
}

/** "churn, customers" for messages; long lists are cut. */
export function nameList(names: string[], max = 12): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, ... (${names.length} in all)` : shown;
}
