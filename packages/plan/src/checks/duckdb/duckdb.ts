import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * DuckDB in process (@duckdb/node-api, native, Node 20): one in-memory database per check run, so
 * runs never see each other's tables. Loaded on first use only: `plan files-exist` never pays for it.
 */
export interface Duck {
  connection: DuckDBConnection;
  /** Rows as plain JS values (BIGINT → number when safe, timestamps → ISO strings). */
  all(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
  close(): void;
}

export async function openDuck(): Promise<Duck> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DuckDBInstance: Instance } = require('@duckdb/node-api') as { DuckDBInstance: typeof DuckDBInstance };
  const instance = await Instance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  return {
    connection,
    async all(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) => {
        const plain: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(row)) plain[key] = plainValue(value);
        return plain;
      });
    },
    async run(sql) {
      await connection.run(sql);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value !== null && typeof value === 'object' && 'toString' in value && !Array.isArray(value) && value.constructor !== Object)
    return String(value);
  return value;
}

/** A SQL identifier, quoted (names come from user files). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A SQL literal for a scalar from a rules file (numbers as numbers, the rest as strings). */
export function scalar(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return literal(String(value));
}

/** The first line of a DuckDB error, and the 1-based line/column its "LINE n:" caret marks, if any. */
export function duckError(error: unknown): { message: string; line?: number; column?: number } {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n');
  const message = lines[0].trim();
  const at = lines.findIndex((l) => /^LINE \d+:/.test(l));
  if (at < 0) return { message };
  const line = Number(/^LINE (\d+):/.exec(lines[at])![1]);
  const prefix = /^LINE \d+: /.exec(lines[at])![0].length;
  const caret = lines[at + 1]?.indexOf('^') ?? -1;
  // DuckDB prints the line with a "LINE n: " prefix and the caret under it.
  return { message, line, ...(caret >= prefix ? { column: caret - prefix + 1 } : {}) };
}
