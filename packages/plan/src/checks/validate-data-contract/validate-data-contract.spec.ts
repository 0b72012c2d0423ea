import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../testing/shared-fixtures';
import { CheckUsageError } from '../contract';
import { check } from './validate-data-contract';

const dir = mkdtempSync(path.join(tmpdir(), 'validate-data-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), name);
const brief = (r: { findings: { rule: string; file: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.file}:${f.rule}@${f.line}:${f.column}`);

const USER_V1 = `{
  "type": "record",
  "name": "User",
  "namespace": "shop",
  "fields": [
    { "name": "id", "type": "long" },
    { "name": "email", "type": ["null", "string"], "default": null }
  ]
}
`;

const ORDER_V1 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { id: { type: 'integer' }, status: { enum: ['new', 'paid', 'shipped'] }, note: { type: 'string' } },
  required: ['id'],
  additionalProperties: false,
};

describe('validate-data-contract: Avro', () => {
  it('accepts a valid schema and conforming samples (plain and Avro JSON encoding)', async () => {
    write('user.avsc', USER_V1);
    write('users.ndjson', '{"id": 1, "email": null}\n\n{"id": 2, "email": {"string": "a@b.c"}}\n{"id": 3, "email": "c@d.e"}\n');
    const r = await check.run(['user.avsc'], { samples: ['users.ndjson'] }, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.metadata).toEqual({
      compatibility: 'backward',
      schemas: [{ file: 'user.avsc', format: 'avro', name: 'shop.User', samples: [{ file: 'users.ndjson', records: 3, invalid: 0 }] }],
    });
  });

  it('flags a field added without a default as backward-incompatible, at the field', async () => {
    write('user-v2.avsc', USER_V1.replace('"default": null }', '"default": null },\n    { "name": "age", "type": "int" }'));
    const r = await check.run(['user-v2.avsc'], { previous: 'user.avsc' }, { cwd: dir });
    expect(brief(r)).toEqual(['user-v2.avsc:data-contract/compatibility@8:5']);
    expect(r.findings[0].message).toContain('no matching field for default-less shop.User.age');
    // Forward: the previous schema ignores the new field, so old readers are fine.
    expect((await check.run(['user-v2.avsc'], { previous: 'user.avsc', compatibility: 'forward' }, { cwd: dir })).findings).toEqual([]);
    // With a default the change is fully compatible.
    write('user-v3.avsc', USER_V1.replace('"default": null }', '"default": null },\n    { "name": "age", "type": "int", "default": 0 }'));
    expect((await check.run(['user-v3.avsc'], { previous: 'user.avsc', compatibility: 'full' }, { cwd: dir })).findings).toEqual([]);
  });

  it('reports invalid schemas and non-conforming samples at their position', async () => {
    write('bad.avsc', '{\n  "type": "record",\n  "name": "X",\n  "fields": [{ "name": "a", "type": "strin" }]\n}\n');
    expect(brief(await check.run(['bad.avsc'], {}, { cwd: dir }))).toEqual(['bad.avsc:data-contract/avro-schema@4:37']);
    write('bad-users.json', '[{"id": 1, "email": null}, {"id": "x", "email": null}]');
    const r = await check.run(['user.avsc'], { samples: 'bad-users.json' }, { cwd: dir });
    expect(brief(r)).toEqual(['bad-users.json:data-contract/sample@1:35']);
    expect(r.findings[0].message).toBe('Sample [1] at id does not conform to user.avsc: "x" is not a valid long.');
  });

  it('resolves named types from imports, as Avro imports do', async () => {
    write('pos.avsc', '{"type": "enum", "name": "Pos", "namespace": "b", "symbols": ["P", "C"]}');
    write('player.avsc', '{"type": "record", "name": "Player", "namespace": "b", "fields": [{"name": "pos", "type": "Pos"}]}');
    expect(brief(await check.run(['player.avsc'], {}, { cwd: dir }))).toEqual(['player.avsc:data-contract/avro-schema@1:91']);
    expect((await check.run(['player.avsc'], { imports: ['pos.avsc'] }, { cwd: dir })).findings).toEqual([]);
  });
});

describe('validate-data-contract: JSON Schema', () => {
  it('validates samples against 2020-12 and draft-07 schemas', async () => {
    write('order.json', JSON.stringify(ORDER_V1, null, 2));
    write('orders.json', '[{"id": 1, "status": "new"}, {"id": "a", "status": "lost", "x": 1}]');
    const r = await check.run(['order.json'], { samples: ['orders.json'] }, { cwd: dir });
    expect(brief(r)).toEqual([
      'orders.json:data-contract/sample@1:30',
      'orders.json:data-contract/sample@1:37',
      'orders.json:data-contract/sample@1:52',
    ]);
    const draft7 = { ...ORDER_V1, $schema: 'http://json-schema.org/draft-07/schema#' };
    write('order7.json', JSON.stringify(draft7));
    const r7 = await check.run(['order7.json'], { samples: ['orders.json'] }, { cwd: dir });
    expect((r7.metadata as { schemas: { dialect: string }[] }).schemas[0].dialect).toBe('draft-07');
    expect(r7.findings).toHaveLength(3);
  });

  it('reports an invalid schema and an unresolvable $ref', async () => {
    write('bad-type.json', '{\n  "type": "objekt"\n}\n');
    const r = await check.run(['bad-type.json'], {}, { cwd: dir });
    expect(r.findings.map((f) => `${f.rule}@${f.line}:${f.column}`)).toContain('data-contract/json-schema@2:11');
    write('bad-ref.json', '{\n  "type": "object",\n  "properties": { "a": { "$ref": "#/$defs/nope" } }\n}\n');
    const ref = await check.run(['bad-ref.json'], {}, { cwd: dir });
    expect(brief(ref)).toEqual(['bad-ref.json:data-contract/json-schema@3:34']);
  });

  it('warns about an unknown format instead of ignoring it silently', async () => {
    write('fmt.json', '{\n  "type": "object",\n  "properties": { "e": { "type": "string", "format": "emale" } }\n}\n');
    const r = await check.run(['fmt.json'], {}, { cwd: dir });
    expect(r.findings.map((f) => `${f.severity} ${f.rule}@${f.line}:${f.column}`)).toEqual([
      'warning data-contract/json-schema-ignored@3:54',
    ]);
    expect(r.ok).toBe(true);
  });

  it('decides backward, forward and full compatibility between versions', async () => {
    write('order-v1.json', JSON.stringify(ORDER_V1, null, 2));
    const v2 = {
      ...ORDER_V1,
      properties: { ...ORDER_V1.properties, total: { type: 'number' } },
      required: ['id', 'total'],
    };
    write('order-v2.json', JSON.stringify(v2, null, 2));
    const backward = await check.run(['order-v2.json'], { previous: 'order-v1.json' }, { cwd: dir });
    expect(backward.findings.map((f) => f.message)).toEqual([
      expect.stringContaining('property "total" is required by the new schema but optional in the previous one'),
    ]);
    const forward = await check.run(['order-v2.json'], { previous: 'order-v1.json', compatibility: 'forward' }, { cwd: dir });
    expect(forward.findings.map((f) => f.message)).toEqual([
      expect.stringContaining('property "total" of the new one is missing from the previous schema, which allows no additional properties'),
    ]);
    expect((await check.run(['order-v2.json'], { previous: 'order-v1.json', compatibility: 'full' }, { cwd: dir })).findings).toHaveLength(
      2,
    );
    expect((await check.run(['order-v1.json'], { previous: 'order-v1.json', compatibility: 'full' }, { cwd: dir })).findings).toEqual([]);
  });

  it('rejects bad options as usage errors', async () => {
    await expect(check.run(['a.json'], { compatibility: 'sideways' as never }, { cwd: dir })).rejects.toThrow(CheckUsageError);
    await expect(check.run(['a.json', 'b.json'], { previous: 'c.json' }, { cwd: dir })).rejects.toThrow(CheckUsageError);
  });
});

describeWithSharedFixtures('validate-data-contract conformance: ../shared/fixtures/contracts/avro', () => {
  const folder = path.join(sharedFixturesDir() ?? '', 'contracts', 'avro');
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.avsc')) : [];

  // Apache Avro's own test schemas parse in Avro's Java parser; player.avsc uses the Position enum
  // that Avro's compiler gets from an import, so alone it fails there too (undefined name).
  it.each(files)('%s parses as Avro does', async (file) => {
    const r = await check.run([file], {}, { cwd: folder });
    if (file.includes('player')) {
      expect(r.findings.map((f) => f.message)).toEqual(['Invalid Avro schema: undefined type name: avro.examples.baseball.Position.']);
      write('position.avsc', '{"type":"enum","name":"Position","namespace":"avro.examples.baseball","symbols":["P","C"]}');
      const withImport = await check.run([path.join(folder, file)], { imports: ['position.avsc'] }, { cwd: dir });
      expect(withImport.findings).toEqual([]);
    } else {
      expect(r.findings).toEqual([]);
    }
  });

  it('a real schema is compatible with itself and not after removing a default', async () => {
    const file = files.find((f) => f.includes('TestUnionRecord'))!;
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const text = readFileSync(path.join(folder, file), 'utf8');
    expect((await check.run([file], { previous: file, compatibility: 'full' }, { cwd: folder })).findings).toEqual([]);
    write('union-v0.avsc', text.replace(/,\s*"default": null/, '').replace('"amount"', '"total"'));
    const r = await check.run([path.join(folder, file)], { previous: 'union-v0.avsc', compatibility: 'forward' }, { cwd: dir });
    expect(r.findings.map((f) => f.rule)).toEqual(['data-contract/compatibility']);
  });
});
