import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { loadContract } from '../src/contract.js';
import { openDatabase, type Database } from '../src/db.js';
import { migrate } from '../src/migrate.js';

// The migrations on a real PostgreSQL engine (PGlite; DATABASE_URL for a server), and the tables
// against the contract: every field a client can send has its column.
let db: Database;
before(async () => {
  db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
});
after(() => db.close());

test('migrations apply once, in order, and are recorded', async () => {
  const first = await migrate(db);
  assert.ok(first.length > 0, 'there are migrations');
  assert.deepEqual(await migrate(db), [], 'a second run applies nothing');
  const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
  assert.deepEqual(
    rows.map((r) => r.version),
    [...first].sort(),
  );
});

test('each create schema of the contract has a table with a column per field', async () => {
  const contract = loadContract(loadConfig({}).contractPath);
  const creates = contract.operations.filter((op) => op.method === 'POST' && op.requestBody);
  assert.ok(creates.length > 0);
  for (const op of creates) {
    const table = op.path.split('/').pop()!.replace(/-/g, '_');
    const { rows } = await db.query<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()',
      [table],
    );
    const columns = new Set(rows.map((r) => r.column_name));
    assert.ok(columns.has('id'), `table ${table} exists with an id`);
    const fields = Object.keys((op.requestBody!.schema.properties ?? {}) as object);
    const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    assert.deepEqual(
      fields.filter((f) => !columns.has(snake(f))),
      [],
      `fields of ${op.operationId} without a column in ${table}`,
    );
  }
});

test('constraints refuse what the contract refuses', async () => {
  const { rows } = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'",
  );
  for (const { table_name } of rows) {
    await assert.rejects(
      db.query(`INSERT INTO ${table_name} (id) VALUES (gen_random_uuid())`),
      `${table_name} refuses a row without its required fields`,
    );
  }
});
