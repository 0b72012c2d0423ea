/**
 * The database: a real PostgreSQL through DATABASE_URL, else PGlite (PostgreSQL compiled to
 * WebAssembly) embedded in the process, for tests and local runs. Both speak the same SQL, so the
 * migrations and repositories are the same. Opened on first use: a process that never touches the
 * database (auth or rate-limit tests) never starts PGlite.
 */
export interface Database {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

export interface DatabaseOptions {
  databaseUrl?: string;
  pgliteDataDir?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    return {
      kind: 'postgres',
      query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await pool.query(sql, params)).rows as Row[] }),
      exec: async (sql) => {
        await pool.query(sql);
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(options.pgliteDataDir);
  return {
    kind: 'pglite',
    query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await db.query<Row>(sql, params)).rows }),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

/** Opens (and migrates) on the first query; every later call shares that connection. */
export function lazyDatabase(open: () => Promise<Database>): Database & { readonly opened: boolean } {
  let pending: Promise<Database> | undefined;
  const get = () => (pending ??= open());
  return {
    get kind() {
      return 'pglite' as const;
    },
    get opened() {
      return pending !== undefined;
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await get()).query<Row>(sql, params),
    exec: async (sql) => (await get()).exec(sql),
    close: async () => {
      if (pending) await (await pending).close();
    },
  };
}
