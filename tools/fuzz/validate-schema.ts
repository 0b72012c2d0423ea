/**
 * Fuzzes the validate-schema check through its real run():
 *   node -r @swc-node/register tools/fuzz/validate-schema.ts [--iterations N] [--seed S] [--engine-every K]
 * Mutates valid seeds — JSON table specs (with their generated .sql) and SQL files (dump-like, with
 * SET/set_config, extensions, partitions, non-ASCII names, psql meta-commands) — by byte flips,
 * truncation, line duplication/deletion/swaps, random tokens and unicode, and structure-aware edits
 * (spec keys deleted, retyped, renamed; SQL statements reordered). Every input goes through the
 * parse/spec layers; every K-th also through PGlite (one instance for the whole run, reset between
 * inputs). Counts uncaught exceptions and malformed findings (both must be 0); exit 1 on any.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckResult } from '../../packages/plan/src/checks/contract';
import { generateDdl } from '../../packages/plan/src/checks/validate-schema/ddl';
import { closeEngine, getEngine } from '../../packages/plan/src/checks/validate-schema/pglite-engine';
import { tableSpecSchema } from '../../packages/plan/src/checks/validate-schema/table-spec';
import { validSpec } from '../../packages/plan/src/checks/validate-schema/test-inputs';
import { check } from '../../packages/plan/src/checks/validate-schema/validate-schema';
import { prng } from './lib';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) ? value : fallback;
}

const ITERATIONS = argument('iterations', 10000);
const SEED = argument('seed', 1);
/** Apply on PGlite for every K-th input (1 = all). */
const ENGINE_EVERY = Math.max(1, argument('engine-every', 1));

const random = prng(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

const SQL_SEEDS = [
  `--
-- PostgreSQL database dump
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
\\connect app
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
CREATE SCHEMA audit;
CREATE TYPE public.mood AS ENUM ('ok', 'sad');
CREATE TABLE public.users (
    id uuid DEFAULT public.gen_random_uuid() NOT NULL,
    email text NOT NULL,
    mood public.mood
);
CREATE TABLE audit.log (at timestamptz DEFAULT now(), msg text);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX users_email_idx ON public.users USING btree (email);
`,
  `CREATE TABLE "naïve😀" (id int PRIMARY KEY, "größe" numeric(10,2));
CREATE TABLE m (id int, d date, PRIMARY KEY (id, d)) PARTITION BY RANGE (d);
CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE copy_of (LIKE m INCLUDING ALL);
CREATE TABLE k (a int NOT NULL);
CREATE UNIQUE INDEX k_a ON k (a);
ALTER TABLE k ADD PRIMARY KEY USING INDEX k_a;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.d := now(); RETURN NEW; END $$;
COMMENT ON TABLE k IS 'it''s \\c not a command';
`,
  `CREATE EXTENSION citext;
CREATE TABLE accounts (id bigserial PRIMARY KEY, name citext UNIQUE);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint REFERENCES accounts (id) ON DELETE CASCADE,
  total numeric CHECK (total >= 0)
);
COPY accounts (id, name) FROM stdin;
1\tada
\\.
CREATE VIEW v AS SELECT * FROM orders;
`,
];

const TOKENS = [
  ';',
  ',',
  '(',
  ')',
  '"',
  "'",
  '$$',
  '--',
  '/*',
  '*/',
  '\\',
  '\\c db',
  '{',
  '}',
  '[',
  ']',
  ':',
  'null',
  'true',
  '1e999',
  'CREATE TABLE',
  'PRIMARY KEY',
  'REFERENCES',
  'CREATE EXTENSION vector;',
  'CREATE EXTENSION hstore;',
  'BEGIN;',
  'COMMIT;',
  'ROLLBACK;',
  'DROP SCHEMA public CASCADE;',
  "SET search_path = '';",
  'CREATE DATABASE x;',
  'CREATE ROLE r;',
  'int',
  'text',
  'nosuchtype',
  'ü',
  '😀',
  '\u0000',
  '\u200b',
  '\ufeff',
  '\r\n',
  '\t',
  'ß',
  '𝔘',
  '"tables"',
  '"primaryKey"',
  '"columns"',
];

function mutateText(text: string): string {
  switch (int(8)) {
    case 0: {
      // byte flips
      const bytes = Buffer.from(text, 'utf8');
      for (let k = 0, n = 1 + int(4); k < n && bytes.length; k++) bytes[int(bytes.length)] ^= 1 << int(8);
      return bytes.toString('utf8');
    }
    case 1:
      return text.slice(0, int(text.length + 1));
    case 2: {
      const lines = text.split('\n');
      const i = int(lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 3: {
      const lines = text.split('\n');
      lines.splice(int(lines.length), 1);
      return lines.join('\n');
    }
    case 4: {
      const lines = text.split('\n');
      const a = int(lines.length);
      const b = int(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    default: {
      const at = int(text.length + 1);
      return text.slice(0, at) + pick(TOKENS) + text.slice(at);
    }
  }
}

/** Structure-aware spec edits: delete a key, retype a value, rename, duplicate an entry. */
function mutateSpec(spec: any): any {
  const nodes: { parent: any; key: string | number }[] = [];
  const walk = (value: any) => {
    if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        nodes.push({ parent: value, key: Array.isArray(value) ? Number(key) : key });
        walk(value[key]);
      }
    }
  };
  walk(spec);
  const { parent, key } = pick(nodes);
  switch (int(5)) {
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 1:
      parent[key] = pick([null, 0, -1, true, '', 'x', [], {}, 'users', 'id', 'nosuchtype', 'now(', "'a"]);
      break;
    case 2:
      if (typeof parent[key] === 'string')
        parent[key] = pick(['users', 'posts', 'id', 'role', 'User', 'naïve😀', 'a'.repeat(70), 'select', 'x y']);
      break;
    case 3:
      if (Array.isArray(parent) && parent[key as number] !== undefined) parent.push(JSON.parse(JSON.stringify(parent[key as number])));
      break;
    default:
      parent[pick(['extra', 'primaryKey', 'unique', 'onDelete', 'default'])] = pick([
        'set null',
        'cascade',
        true,
        ['id'],
        'gen_random_uuid()',
      ]);
  }
  return spec;
}

function makeInput(): { kind: 'spec' | 'sql'; files: Record<string, string>; target: string } {
  if (random() < 0.5) {
    let spec: any = validSpec();
    for (let k = 0, n = int(3); k < n; k++) spec = mutateSpec(spec);
    const parsed = tableSpecSchema.safeParse(spec);
    // The .sql is the generated one (so later layers run), sometimes mutated (drift).
    let sql = parsed.success ? generateDdl(parsed.data) : '';
    if (sql && random() < 0.2) sql = mutateText(sql);
    let jsonText = JSON.stringify(spec, null, pick([0, 2, 4]));
    if (random() < 0.3) jsonText = mutateText(jsonText);
    const files: Record<string, string> = { 'schemas/app.json': jsonText };
    if (sql || random() < 0.5) files['schemas/app.sql'] = sql;
    return { kind: 'spec', files, target: 'schemas/app.json' };
  }
  let text = pick(SQL_SEEDS);
  for (let k = 0, n = 1 + int(3); k < n; k++) text = mutateText(text);
  return { kind: 'sql', files: { 'dump.sql': text }, target: 'dump.sql' };
}

function malformed(result: CheckResult, files: Record<string, string>): string | undefined {
  for (const f of result.findings) {
    if (!f.rule || !f.message || !['error', 'warning', 'info'].includes(f.severity)) return `bad finding ${JSON.stringify(f)}`;
    if (f.line !== undefined) {
      const text = files[f.file];
      const lines = text === undefined ? Infinity : text.split('\n').length;
      if (!(f.line >= 1 && f.line <= lines) || !(f.column === undefined || f.column >= 1)) return `bad position ${JSON.stringify(f)}`;
    }
  }
  if (result.ok !== !result.findings.some((f) => f.severity === 'error')) return 'ok does not match findings';
  return undefined;
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fuzz-validate-schema-'));
  const started = performance.now();
  let exceptions = 0;
  let bad = 0;
  let withErrors = 0;
  let engineInputs = 0;
  let engineMs = 0;
  let parseOnlyMs = 0;
  const kinds = { spec: 0, sql: 0 };
  try {
    for (let i = 0; i < ITERATIONS; i++) {
      const input = makeInput();
      kinds[input.kind]++;
      const dir = path.join(root, String(i % 8));
      rmSync(dir, { recursive: true, force: true });
      for (const [name, content] of Object.entries(input.files)) {
        const file = path.join(dir, name);
        require('node:fs').mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      const useEngine = i % ENGINE_EVERY === 0;
      const t = performance.now();
      try {
        const result = await check.run([input.target], { skipEngine: !useEngine }, { cwd: dir });
        const problem = malformed(result, input.files);
        if (problem) {
          bad++;
          if (bad <= 5) console.error(`input ${i}: ${problem}`);
        }
        if (!result.ok) withErrors++;
      } catch (error) {
        exceptions++;
        if (exceptions <= 5)
          console.error(`input ${i}: uncaught ${(error as Error).stack}\n--- ${JSON.stringify(input.files).slice(0, 2000)}`);
      }
      const ms = performance.now() - t;
      if (useEngine) (engineInputs++, (engineMs += ms));
      else parseOnlyMs += ms;
    }
    const engine = await getEngine();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz validate-schema: ${ITERATIONS} inputs (${kinds.spec} specs, ${kinds.sql} sql; parse/spec layers for all, PGlite apply for every ${ENGINE_EVERY === 1 ? 'input' : `${ENGINE_EVERY}th: ${engineInputs}`}), ` +
        `${exceptions} uncaught exceptions, ${bad} malformed results, ${withErrors} with error findings, ${seconds} s ` +
        `(per input: ${(engineMs / Math.max(1, engineInputs)).toFixed(1)} ms with PGlite` +
        (engineInputs < ITERATIONS ? `, ${(parseOnlyMs / (ITERATIONS - engineInputs)).toFixed(2)} ms parse/spec only` : '') +
        `; one PGlite applied ${engine.inputs} inputs that parsed, ${engine.restarts} restarts, ${engine.resumes} idle restarts)`,
    );
  } finally {
    await closeEngine();
    rmSync(root, { recursive: true, force: true });
  }
  process.exit(exceptions || bad ? 1 : 0);
}

void main();
