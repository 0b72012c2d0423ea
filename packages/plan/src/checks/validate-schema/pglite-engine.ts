import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { ParsedStatement } from './pg-parser';
import { jsOffsetOfCodePoint } from './sql-text';

/**
 * PGlite (PostgreSQL 18 in wasm) as a schema engine: one instance per process, started from a
 * cached data-dir snapshot (initdb costs seconds, a snapshot well under one), reset between inputs.
 * Every contrib module with an entry point is available to `CREATE EXTENSION`, but a module is
 * loaded only when an input creates its extension: loading all of them cost ~0.5 s CPU per start
 * (measured: tools/bench/pglite-start.ts), for schemas that mostly create none.
 */

/** Contrib modules of @electric-sql/pglite with an entry point that CREATE EXTENSION can load. */
export const CONTRIB_MODULES = [
  'amcheck',
  'bloom',
  'btree_gin',
  'btree_gist',
  'citext',
  'cube',
  'dict_int',
  'dict_xsyn',
  'earthdistance',
  'file_fdw',
  'fuzzystrmatch',
  'hstore',
  'intarray',
  'isn',
  'lo',
  'ltree',
  'moddatetime',
  'pageinspect',
  'pg_buffercache',
  'pg_freespacemap',
  'pg_stat_statements',
  'pg_surgery',
  'pg_trgm',
  'pg_visibility',
  'pg_walinspect',
  'pgcrypto',
  'seg',
  'tablefunc',
  'tcn',
  'tsm_system_rows',
  'tsm_system_time',
  'unaccent',
  'uuid_ossp',
];

/** SQL names of the extensions the engine can create (module `uuid_ossp` is extension `uuid-ossp`). */
export const AVAILABLE_EXTENSIONS = ['plpgsql', ...CONTRIB_MODULES.map((m) => m.replace(/_ossp$/, '-ossp'))].sort();

/** `requires` of the contrib control files (CREATE EXTENSION ... CASCADE creates them too). */
const MODULE_REQUIRES: Record<string, string[]> = { earthdistance: ['cube'] };

/** The contrib modules an input's `CREATE EXTENSION` statements need loaded, with what they require. */
export function modulesFor(statements: Pick<ParsedStatement, 'kind' | 'node'>[]): string[] {
  const out = new Set<string>();
  const add = (module: string): void => {
    if (!CONTRIB_MODULES.includes(module) || out.has(module)) return;
    out.add(module);
    for (const required of MODULE_REQUIRES[module] ?? []) add(required);
  };
  for (const statement of statements) {
    const name = statement.kind === 'CreateExtensionStmt' ? statement.node?.extname : undefined;
    if (typeof name === 'string') add(name.replace(/-ossp$/, '_ossp'));
  }
  return [...out].sort();
}

export interface StartOptions {
  /** Folder of the data-dir snapshot; default $PLAN_CACHE_DIR or <tmpdir>/plan-cache. */
  cacheDir?: string;
  /** false: always initdb, never read or write a snapshot (bench baseline). */
  useSnapshot?: boolean;
  /** Contrib modules to load: these names, all (true) or none (false, the default; see modulesFor). */
  extensions?: boolean | readonly string[];
  /** true: callers do not apply on PGlite at all (parse-only mode). */
  skip?: boolean;
  /** Idle time before the instance is closed (default IDLE_MS). */
  idleMs?: number;
}

export interface StartInfo {
  source: 'snapshot' | 'initdb';
  ms: number;
  snapshotPath?: string;
  /** Why a snapshot was not used (missing, corrupt, failed to load). */
  snapshotNote?: string;
}

export function pgliteVersion(): string {
  try {
    const entry = require.resolve('@electric-sql/pglite');
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function defaultCacheDir(): string {
  return process.env.PLAN_CACHE_DIR || path.join(os.tmpdir(), 'plan-cache');
}

/**
 * The snapshot file, keyed by the PGlite version (a new version means a new data-dir format). An
 * uncompressed tar (~40 MB): gunzip cost ~0.35 s CPU per start. Taken by an initdb without contrib
 * modules, so it starts with any set of them (one taken with all of them loaded fails without them).
 */
export function snapshotFile(cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, `pglite-${pgliteVersion()}-datadir.tar`);
}

function loadExtensions(modules: readonly string[]): Record<string, any> {
  const extensions: Record<string, any> = {};
  for (const name of modules) {
    try {
      const mod = require(`@electric-sql/pglite/contrib/${name}`);
      extensions[name] = mod[name] ?? Object.values(mod)[0];
    } catch {
      /* a module missing from this PGlite build: CREATE EXTENSION will report it */
    }
  }
  return extensions;
}

/** A snapshot is used only when its recorded sha256 matches, so a truncated file never reaches PGlite. */
function readSnapshot(file: string): { data?: Buffer; note?: string } {
  if (!existsSync(file)) return { note: 'no snapshot yet' };
  try {
    const data = readFileSync(file);
    const expected = readFileSync(`${file}.sha256`, 'utf8').trim();
    if (createHash('sha256').update(data).digest('hex') !== expected) return { note: 'snapshot corrupt (checksum mismatch)' };
    return { data };
  } catch (error) {
    return { note: `snapshot unreadable (${(error as Error).message})` };
  }
}

/** Written to a temporary name and renamed, so concurrent processes never read half a file. */
function writeSnapshot(file: string, data: Buffer): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(`${tmp}.sha256`, createHash('sha256').update(data).digest('hex'));
    writeFileSync(tmp, data);
    renameSync(`${tmp}.sha256`, `${file}.sha256`);
    renameSync(tmp, file);
  } catch {
    /* caching is an optimisation: a read-only cache folder only costs time */
  }
}

/**
 * PGlite's start parameters with a 16 MB buffer pool instead of PostgreSQL's default 128 MB:
 * zeroing that pool was a third of a start's CPU (memset, ~0.5 s; tools/bench/pglite-start.ts),
 * and a schema engine holds a catalog and empty tables, not data to cache.
 */
function startParams(pglite: typeof PGlite): string[] {
  return [...pglite.defaultStartParams, '-c', 'shared_buffers=16MB'];
}

/**
 * The snapshot as the Blob PGlite loads a data dir from, without copying it: `new Blob([data])`
 * copies 40 MB and its arrayBuffer() streams it back in chunks (~0.5 s of CPU per start); PGlite
 * reads only `type` and `arrayBuffer()` of it.
 */
function tarBlob(data: Buffer): Blob {
  const whole = data.byteOffset === 0 && data.buffer.byteLength === data.length;
  const bytes = whole ? (data.buffer as ArrayBuffer) : data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
  return Object.assign(new Blob([], { type: 'application/x-tar' }), { arrayBuffer: async () => bytes });
}

/** Starts a PGlite instance: from the snapshot when valid, else initdb (then saves a snapshot). */
export async function startPglite(options: StartOptions = {}): Promise<{ pg: PGlite; info: StartInfo }> {
  const { PGlite: PGliteClass } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const modules = moduleList(options.extensions);
  const extensions = loadExtensions(modules);
  const started = performance.now();
  const useSnapshot = options.useSnapshot !== false;
  const file = snapshotFile(options.cacheDir ?? defaultCacheDir());
  let note: string | undefined;
  if (useSnapshot) {
    const snapshot = readSnapshot(file);
    note = snapshot.note;
    if (snapshot.data) {
      try {
        const pg = await PGliteClass.create({ loadDataDir: tarBlob(snapshot.data), extensions, startParams: startParams(PGliteClass) });
        await pg.query('SELECT 1');
        return { pg, info: { source: 'snapshot', ms: performance.now() - started, snapshotPath: file } };
      } catch (error) {
        note = `snapshot failed to load (${(error as Error).message}); fell back to initdb`;
        rmSync(file, { force: true });
      }
    }
  }
  let pg: PGlite;
  if (useSnapshot) {
    // The snapshot comes from an instance without contrib modules (see snapshotFile).
    const bare = await PGliteClass.create();
    const data = new Uint8Array(await (await bare.dumpDataDir('none')).arrayBuffer());
    writeSnapshot(file, Buffer.from(data));
    // The initdb instance runs with PGlite's default 128 MB of shared buffers: restart it with ours.
    await bare.close();
    pg = await PGliteClass.create({ loadDataDir: tarBlob(Buffer.from(data)), extensions, startParams: startParams(PGliteClass) });
  } else {
    pg = await PGliteClass.create({ extensions, startParams: startParams(PGliteClass) });
  }
  return {
    pg,
    info: { source: 'initdb', ms: performance.now() - started, snapshotPath: useSnapshot ? file : undefined, snapshotNote: note },
  };
}

export interface EngineError {
  /** JS offset in the applied SQL. */
  offset: number;
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  /** Index of the failing statement when it was found by re-running statement by statement. */
  statementIndex?: number;
  /** true when PostgreSQL gave no position and the statement start stands in. */
  located: 'position' | 'statement' | 'none';
}

export interface CatalogTable {
  schema: string;
  name: string;
  hasPrimaryKey: boolean;
}

export interface ApplyResult {
  error?: EngineError;
  /** Present when the DDL applied: every user table (relkind r/p) and whether it has a primary key. */
  tables?: CatalogTable[];
  resetMs: number;
  applyMs: number;
  catalogMs: number;
}

const TABLES_QUERY = `
SELECT n.nspname AS schema, c.relname AS name,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') AS has_pk
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2`;

/** Objects that live in user schemas: zero after a reset, or the instance is replaced. */
const LEFTOVER_QUERY = `
SELECT (SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%')
     + (SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%')
     + (SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) AS leftovers`;

interface Baseline {
  schemas: Set<string>;
  extensions: Set<string>;
  roles: Set<string>;
  databases: Set<string>;
}

/** Idle time after which the shared instance is closed (see SchemaEngine.armIdleTimer). */
export const IDLE_MS = Number(process.env.PLAN_PGLITE_IDLE_MS) > 0 ? Number(process.env.PLAN_PGLITE_IDLE_MS) : 2000;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One PGlite and the state needed to give every input a clean database. */
export class SchemaEngine {
  /** Inputs applied so far (tests assert reuse through it). */
  inputs = 0;
  /** Instances replaced because a reset failed or left objects behind. */
  restarts = 0;
  /** Instances restarted after an idle close. */
  resumes = 0;
  private pending = 0;
  private suspended = false;
  private idleTimer?: NodeJS.Timeout;
  private baseline?: Baseline;
  private queue: Promise<unknown> = Promise.resolve();
  /** Contrib modules the running instance loaded (inputs that need more replace it). */
  private modules: readonly string[];
  /**
   * Whether anything ran on the instance since it started from the snapshot: a fresh one is the
   * clean database a reset makes (the reset's ~15 statements cost more than applying a small schema).
   */
  private dirty = false;

  private constructor(
    private pg: PGlite,
    readonly startInfo: StartInfo,
    private readonly options: StartOptions,
  ) {
    this.modules = moduleList(options.extensions);
  }

  static async start(options: StartOptions = {}): Promise<SchemaEngine> {
    const { pg, info } = await startPglite(options);
    const engine = new SchemaEngine(pg, info, options);
    engine.baseline = await engine.readBaseline();
    return engine;
  }

  /** Applies `sql` on a clean database and reads the catalog; calls are serialised. */
  apply(sql: string, statements: ParsedStatement[]): Promise<ApplyResult> {
    this.pending++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const run = this.queue.then(() => this.applyNow(sql, statements));
    this.queue = run
      .catch(() => undefined)
      .finally(() => {
        if (--this.pending === 0) this.armIdleTimer();
      });
    return run;
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.queue.catch(() => undefined);
    if (!this.pg.closed) await this.pg.close().catch(() => undefined);
  }

  /**
   * PGlite started from a data-dir tarball re-arms a 10 s timer inside Postgres that keeps Node's
   * event loop alive, so a process that forgets closeEngine() would hang. After IDLE_MS without
   * work the instance is closed (an unref'd timer: it never holds the process by itself); the next
   * apply() starts it again from the snapshot. Back-to-back inputs always reuse the instance.
   */
  private armIdleTimer(): void {
    this.idleTimer = setTimeout(() => {
      if (this.pending > 0 || this.pg.closed) return;
      this.suspended = true;
      this.queue = this.queue.then(() => this.pg.close()).catch(() => undefined);
    }, this.options.idleMs ?? IDLE_MS);
    this.idleTimer.unref();
  }

  /** Runs a query on the instance (tests and bench), after any apply in progress. */
  query<T>(sql: string): Promise<T[]> {
    const run = this.queue.then(async () => {
      if (this.suspended) {
        this.suspended = false;
        this.resumes++;
        await this.replaceInstance();
      }
      this.dirty = true;
      return (await this.pg.query<T>(sql)).rows;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** true after an idle close, until the next apply() or query(). */
  get idle(): boolean {
    return this.suspended;
  }

  private async applyNow(sql: string, statements: ParsedStatement[]): Promise<ApplyResult> {
    this.inputs++;
    let t = performance.now();
    const missing = modulesFor(statements).filter((m) => !this.modules.includes(m));
    if (missing.length > 0) {
      if (this.suspended) this.resumes++;
      await this.replaceInstance([...this.modules, ...missing]);
    } else await this.resetOrRestart();
    const resetMs = performance.now() - t;
    t = performance.now();
    let error: EngineError | undefined;
    this.dirty = true;
    try {
      await this.execLoadingExtensions(sql);
    } catch (whole) {
      const position = positionOf(whole);
      if (position !== undefined) {
        error = toEngineError(whole, jsOffsetOfCodePoint(sql, position - 1), 'position');
      } else {
        // No position (e.g. a missing FK target): run statement by statement to name the statement.
        await this.resetOrRestart();
        // When every statement passes alone, the failure came from running them in one
        // transaction (CREATE DATABASE, CREATE INDEX CONCURRENTLY): psql would accept the file.
        error = await this.applyByStatement(statements);
      }
    }
    const applyMs = performance.now() - t;
    t = performance.now();
    let tables: CatalogTable[] | undefined;
    if (!error) {
      const rows = await this.pg.query<{ schema: string; name: string; has_pk: boolean }>(TABLES_QUERY);
      tables = rows.rows.map((r) => ({ schema: r.schema, name: r.name, hasPrimaryKey: r.has_pk }));
    }
    return { error, tables, resetMs, applyMs, catalogMs: performance.now() - t };
  }

  /**
   * An extension created where the parse tree does not show it (a DO block, a function body) is
   * "not available" only because its module was not loaded: load every module and run `sql` again.
   */
  private async execLoadingExtensions(sql: string): Promise<void> {
    try {
      await this.pg.exec(sql);
    } catch (error) {
      const name = /extension "([^"]+)" is not available/.exec(String((error as Error)?.message))?.[1];
      const module = name?.replace(/-ossp$/, '_ossp');
      if (!module || !CONTRIB_MODULES.includes(module) || this.modules.includes(module)) throw error;
      await this.replaceInstance(CONTRIB_MODULES);
      this.dirty = true;
      await this.pg.exec(sql);
    }
  }

  private async applyByStatement(statements: ParsedStatement[]): Promise<EngineError | undefined> {
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      try {
        await this.pg.exec(statement.text);
      } catch (error) {
        const position = positionOf(error);
        const offset = position !== undefined ? statement.start + jsOffsetOfCodePoint(statement.text, position - 1) : statement.start;
        return { ...toEngineError(error, offset, position !== undefined ? 'position' : 'statement'), statementIndex: i };
      }
    }
    return undefined;
  }

  private async readBaseline(): Promise<Baseline> {
    const names = async (q: string) => new Set((await this.pg.query<{ n: string }>(q)).rows.map((r) => r.n));
    return {
      schemas: await names('SELECT nspname AS n FROM pg_catalog.pg_namespace'),
      extensions: await names('SELECT extname AS n FROM pg_catalog.pg_extension'),
      roles: await names('SELECT rolname AS n FROM pg_catalog.pg_roles'),
      databases: await names('SELECT datname AS n FROM pg_catalog.pg_database'),
    };
  }

  /** Resets; if that fails or leaves objects behind, replaces the instance (from the snapshot). */
  private async resetOrRestart(): Promise<void> {
    if (this.suspended) {
      this.suspended = false;
      this.resumes++;
      await this.replaceInstance();
      return;
    }
    if (!this.dirty) return;
    try {
      await this.reset();
      const left = await this.pg.query<{ leftovers: number | string }>(LEFTOVER_QUERY);
      if (Number(left.rows[0]?.leftovers ?? 0) === 0) return;
    } catch {
      /* fall through to a restart */
    }
    this.restarts++;
    await this.replaceInstance();
  }

  /** A new instance from the snapshot, with `modules` loaded (default: the current ones). */
  private async replaceInstance(modules: readonly string[] = this.modules): Promise<void> {
    if (!this.pg.closed) await this.pg.close().catch(() => undefined);
    this.suspended = false;
    const { pg } = await startPglite({ ...this.options, extensions: [...new Set(modules)].sort() });
    this.pg = pg;
    this.dirty = false;
    this.modules = [...new Set(modules)].sort();
    this.baseline = await this.readBaseline();
  }

  /**
   * Back to the state of a fresh database: end any open transaction, reset session settings
   * (a dump's `set_config('search_path', '', false)` would break the next input), drop what the
   * previous input created outside and inside schemas, and recreate `public` as initdb makes it.
   */
  private async reset(): Promise<void> {
    const base = this.baseline!;
    const pg = this.pg;
    await pg.exec('ROLLBACK').catch(() => undefined);
    await pg.exec('RESET ALL; RESET ROLE; SET SESSION AUTHORIZATION DEFAULT;');
    const rows = async (q: string) => (await pg.query<{ n: string }>(q)).rows.map((r) => r.n);
    const statements: string[] = [];
    for (const n of await rows('SELECT evtname AS n FROM pg_catalog.pg_event_trigger')) statements.push(`DROP EVENT TRIGGER ${ident(n)}`);
    for (const n of await rows('SELECT pubname AS n FROM pg_catalog.pg_publication')) statements.push(`DROP PUBLICATION ${ident(n)}`);
    for (const n of await rows('SELECT extname AS n FROM pg_catalog.pg_extension')) {
      if (!base.extensions.has(n)) statements.push(`DROP EXTENSION ${ident(n)} CASCADE`);
    }
    for (const n of await rows('SELECT nspname AS n FROM pg_catalog.pg_namespace')) {
      if (!base.schemas.has(n) && !/^pg_(toast_)?temp_/.test(n)) statements.push(`DROP SCHEMA ${ident(n)} CASCADE`);
    }
    statements.push('DROP SCHEMA IF EXISTS public CASCADE');
    statements.push('CREATE SCHEMA public AUTHORIZATION pg_database_owner');
    statements.push('GRANT USAGE ON SCHEMA public TO PUBLIC');
    statements.push("COMMENT ON SCHEMA public IS 'standard public schema'");
    const present = new Set(await rows('SELECT extname AS n FROM pg_catalog.pg_extension'));
    for (const n of base.extensions) if (!present.has(n)) statements.push(`CREATE EXTENSION IF NOT EXISTS ${ident(n)}`);
    for (const n of await rows('SELECT rolname AS n FROM pg_catalog.pg_roles')) {
      if (!base.roles.has(n)) statements.push(`DROP OWNED BY ${ident(n)} CASCADE`, `DROP ROLE ${ident(n)}`);
    }
    for (const statement of statements) await pg.exec(statement);
    for (const n of await rows('SELECT datname AS n FROM pg_catalog.pg_database')) {
      if (!base.databases.has(n)) await pg.exec(`DROP DATABASE ${ident(n)}`);
    }
    for (const statement of ['ALTER DATABASE postgres RESET ALL', 'ALTER ROLE CURRENT_USER RESET ALL', 'DISCARD TEMP', 'DEALLOCATE ALL']) {
      await pg.exec(statement).catch(() => undefined);
    }
  }
}

function moduleList(extensions: StartOptions['extensions']): readonly string[] {
  return extensions === true ? CONTRIB_MODULES : extensions || [];
}

function positionOf(error: unknown): number | undefined {
  const raw = (error as { position?: unknown })?.position;
  const n = raw === undefined || raw === null || raw === '' ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function toEngineError(error: unknown, offset: number, located: EngineError['located']): EngineError {
  const e = error as { message?: string; code?: string; detail?: string; hint?: string };
  return { offset, message: e?.message ?? String(error), code: e?.code, detail: e?.detail, hint: e?.hint, located };
}

/** What check-sql needs of an engine: a SchemaEngine here, or one in a child process (engine-process.ts). */
export type Engine = Pick<SchemaEngine, 'startInfo' | 'inputs' | 'restarts' | 'resumes' | 'apply' | 'query' | 'close'>;

let shared: Promise<Engine> | undefined;

/**
 * The process-wide engine, started on first use and reused by every input after that. It runs in
 * a child process (engine-process.ts), so PGlite's seconds of CPU do not hold up the checks a batch
 * runs beside it; PLAN_PGLITE_PROCESS=0 keeps it in this process (to measure the difference).
 */
export function getEngine(options: StartOptions = {}): Promise<Engine> {
  const start = (): Promise<Engine> =>
    process.env.PLAN_PGLITE_PROCESS === '0'
      ? SchemaEngine.start(options)
      : (require('./engine-process') as typeof import('./engine-process')).ProcessSchemaEngine.start(options);
  shared ??= start().catch((error) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Closes the process-wide engine (tests' afterAll, CLI exit). A later getEngine() starts a new one. */
export async function closeEngine(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) await (await current.catch(() => undefined))?.close();
}
