import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TableSpecInput } from './table-spec';

/** A valid spec exercising enums, quoting, defaults, unique, a foreign key and an index (tests, fuzz, bench). */
export function validSpec(): TableSpecInput {
  return {
    $schema: './table-spec.schema.json',
    version: 1,
    dialect: 'postgresql',
    enums: [{ name: 'role', values: ['admin', 'member'] }],
    tables: [
      {
        name: 'users',
        comment: "People who sign in (it's them)",
        columns: [
          { name: 'id', type: 'uuid', nullable: false, default: 'gen_random_uuid()' },
          { name: 'email', type: 'text', nullable: false, unique: true },
          { name: 'role', type: 'role', nullable: false, default: "'member'" },
          { name: 'user', type: 'varchar(64)', nullable: true },
        ],
        primaryKey: ['id'],
        indexes: [{ name: 'users_role_idx', columns: ['role'] }],
      },
      {
        name: 'posts',
        columns: [
          { name: 'id', type: 'bigint', nullable: false },
          { name: 'author_id', type: 'uuid', nullable: false },
          { name: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
          { name: 'tags', type: 'text[]', nullable: true },
        ],
        primaryKey: ['id'],
        foreignKeys: [{ columns: ['author_id'], references: { table: 'users', columns: ['id'] }, onDelete: 'cascade' }],
      },
    ],
  };
}

/** A temp folder with the given files (relative name → content). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'validate-schema-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
