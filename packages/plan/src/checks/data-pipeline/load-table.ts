import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duck, ident, literal } from '../duckdb/duckdb';
import { Column } from './columns';

/**
 * Loads records into a DuckDB table with the contract's columns plus `__line` (the record's line in
 * its file, so a rule names the offending record). The records go through a temporary
 * newline-delimited file that DuckDB's JSON reader ingests in bulk: every column is read as text
 * and TRY_CAST to its contract type.
 */
/** Unique per writer: a batch of Nx tasks runs several checks in one process at the same time. */
let writers = 0;

export class TableWriter {
  private readonly chunks: string[] = [];
  private size = 0;
  private handle?: fs.FileHandle;
  readonly file: string;
  rows = 0;

  private constructor(file: string) {
    this.file = file;
  }

  static async create(dir: string, table: string): Promise<TableWriter> {
    return new TableWriter(path.join(dir, `${table.replace(/[^A-Za-z0-9_]/g, '_')}.${process.pid}.${Date.now()}.${++writers}.ndjson`));
  }

  async add(line: number, value: Record<string, unknown>, columns: Column[]): Promise<void> {
    const row: Record<string, unknown> = { __line: line };
    for (const c of columns) {
      const v = value[c.name];
      // Objects keep their JSON text; DuckDB reads scalars as text and casts them.
      row[c.name] = v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : v;
    }
    const text = `${JSON.stringify(row)}\n`;
    this.chunks.push(text);
    this.size += text.length;
    this.rows++;
    if (this.size > 4 * 1024 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    this.handle ??= await fs.open(this.file, 'w');
    if (this.chunks.length > 0) await this.handle.write(this.chunks.join(''));
    this.chunks.length = 0;
    this.size = 0;
  }

  /** Creates `table` in DuckDB from what was added, and removes the temporary file. */
  async load(duck: Duck, table: string, columns: Column[]): Promise<void> {
    await this.flush();
    await this.handle?.close();
    try {
      const spec = [`'__line': 'BIGINT'`, ...columns.map((c) => `${literal(c.name)}: 'VARCHAR'`)].join(', ');
      const select = ['__line', ...columns.map((c) => `TRY_CAST(${ident(c.name)} AS ${c.duckType}) AS ${ident(c.name)}`)].join(', ');
      const source =
        this.rows === 0
          ? `(SELECT ${['NULL::BIGINT AS __line', ...columns.map((c) => `NULL::VARCHAR AS ${ident(c.name)}`)].join(', ')} WHERE FALSE)`
          : `read_json(${literal(this.file)}, format = 'newline_delimited', columns = {${spec}})`;
      await duck.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select} FROM ${source}`);
    } finally {
      await fs.rm(this.file, { force: true });
    }
  }
}

export function scratchDir(): string {
  return os.tmpdir();
}
