/**
 * Fuzzes validate-data-contract: mutated JSON Schemas (2020-12, draft-07) and Avro schemas,
 * mutated sample files (JSON and NDJSON) and mutated previous versions (compatibility in every
 * mode) through the real check.run().
 *
 *   node -r @swc-node/register tools/fuzz/validate-data-contract.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-data-contract/validate-data-contract';
import { fuzzMain, mutate, sharedSeeds } from './contracts-lib';

const ORDER = JSON.stringify(
  {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://example.com/order.json',
    type: 'object',
    properties: {
      id: { type: 'integer', minimum: 1 },
      status: { enum: ['new', 'paid', 'shipped'] },
      email: { type: 'string', format: 'email' },
      lines: { type: 'array', items: { $ref: '#/$defs/line' }, minItems: 1 },
      note: { type: ['string', 'null'], maxLength: 200 },
    },
    required: ['id', 'status'],
    additionalProperties: false,
    $defs: { line: { type: 'object', properties: { sku: { type: 'string', pattern: '^[A-Z]+$' }, qty: { type: 'integer' } } } },
  },
  null,
  2,
);
const ORDER7 = ORDER.replace('https://json-schema.org/draft/2020-12/schema', 'http://json-schema.org/draft-07/schema#').replace(
  /\$defs/g,
  'definitions',
);
const USER = JSON.stringify(
  {
    type: 'record',
    name: 'User',
    namespace: 'shop',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'email', type: ['null', 'string'], default: null },
      { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
      { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] }, default: 'A' },
      { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ],
  },
  null,
  2,
);
const JSON_SEEDS = [ORDER, ORDER7];
const AVRO_SEEDS = [USER, ...sharedSeeds('avro', /\.avsc$/)];
const SAMPLES = [
  '[{"id": 1, "status": "new", "lines": [{"sku": "AB", "qty": 2}]}, {"id": 2, "status": "paid", "note": null}]',
  '{"id": 1, "email": null, "tags": [], "kind": "A", "ts": 1}\n{"id": 2, "email": {"string": "a@b"}, "tags": ["x"], "kind": "B", "ts": 2}\n',
];
const EXTRAS = {
  type: ['objekt', 'record', ['null', 'ghost']],
  $ref: '#/$defs/ghost',
  required: ['ghost'],
  default: { a: 1 },
  fields: [{ name: 'x', type: 'int' }],
  symbols: ['A', 'A'],
  items: false,
  pattern: '(',
};

void fuzzMain({
  name: 'validate-data-contract',
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, 'order.json'), ORDER);
    fs.writeFileSync(path.join(dir, 'orders.json'), SAMPLES[0]);
    return check.run(['order.json'], { samples: ['orders.json'], previous: 'order.json', compatibility: 'full' }, { cwd: dir });
  },
  async run(dir, r) {
    const avro = r.rand() < 0.5;
    const seed = r.pick(avro ? AVRO_SEEDS : JSON_SEEDS);
    const name = avro ? 'schema.avsc' : 'schema.json';
    fs.writeFileSync(path.join(dir, name), mutate(seed, r, EXTRAS, true));
    const options: Record<string, unknown> = {};
    if (r.rand() < 0.5) {
      const sample = avro ? SAMPLES[1] : SAMPLES[0];
      const sampleName = avro ? 'samples.ndjson' : 'samples.json';
      fs.writeFileSync(path.join(dir, sampleName), r.rand() < 0.5 ? sample : mutate(sample, r, EXTRAS, !avro));
      options.samples = [sampleName];
    }
    if (r.rand() < 0.5) {
      const previous = avro ? 'previous.avsc' : 'previous.json';
      fs.writeFileSync(path.join(dir, previous), r.rand() < 0.3 ? seed : mutate(seed, r, EXTRAS, true));
      options.previous = previous;
      options.compatibility = r.pick(['backward', 'forward', 'full', 'none']);
    }
    return check.run([name], options, { cwd: dir });
  },
});
