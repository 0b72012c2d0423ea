/**
 * Fuzzes validate-asyncapi: mutated AsyncAPI 2.x/3.x documents (api-document-mutations.ts) beside
 * a mutated second file they may $ref, through the real check.run(). Seeds: a 3.0 and a 2.6
 * document, and the real documents of ../shared/fixtures/contracts/asyncapi when present. Any
 * exception escaping run(), or a finding without a valid position, is a bug.
 *
 *   node -r @swc-node/register tools/fuzz/validate-asyncapi.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-asyncapi/validate-asyncapi';
import { sharedDir } from '../../packages/plan/src/utils/shared-dir';
import { createMutator } from './api-document-mutations';
import { arg, prng } from './lib';

const ITERATIONS = arg('iterations', 10000);
const SEED = arg('seed', 1);
const rand = prng(SEED);
const { mutate } = createMutator(rand);

const ORDERS_30 = `asyncapi: 3.0.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    address: orders/{id}
    parameters: { id: { description: order } }
    messages:
      created: { $ref: '#/components/messages/OrderCreated' }
operations:
  onOrder:
    action: receive
    channel: { $ref: '#/channels/orders' }
    messages: [{ $ref: '#/channels/orders/messages/created' }]
    reply:
      channel: { $ref: '#/channels/orders' }
      messages: [{ $ref: '#/channels/orders/messages/created' }]
components:
  messages:
    OrderCreated:
      payload:
        type: object
        required: [id]
        properties: { id: { type: integer }, customer: { $ref: 'other.yaml#/Customer' } }
      examples: [{ payload: { id: 7 } }]
    Avro:
      payload: { schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: { type: record, name: A, fields: [] } }
`;
const LIGHTS_26 = `asyncapi: 2.6.0
info: { title: Lights, version: 1.0.0 }
channels:
  light/measured:
    publish:
      operationId: onLightMeasured
      message:
        oneOf:
          - $ref: '#/components/messages/LightMeasured'
          - { schemaFormat: 'application/schema+json;version=draft-07', payload: { type: string, pattern: '^a' } }
components:
  messages:
    LightMeasured:
      payload: { type: object, properties: { lumens: { type: integer, minimum: 0 } } }
      examples: [{ payload: { lumens: 3 } }]
`;
const OTHER = 'Customer:\n  type: object\n  properties:\n    name: { type: string }\n    next: { $ref: "#/Customer" }\n';
const fixtures = sharedDir('fixtures');
const fixtureDir = fixtures ? path.join(fixtures, 'contracts', 'asyncapi') : undefined;
const SEEDS = [
  ORDERS_30,
  LIGHTS_26,
  ...(fixtureDir
    ? fs
        .readdirSync(fixtureDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => fs.readFileSync(path.join(fixtureDir, f), 'utf8'))
    : []),
];

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-asyncapi-'));
  const started = performance.now();
  let uncaught = 0;
  let withErrors = 0;
  const failures: string[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const input = mutate(SEEDS[Math.floor(rand() * SEEDS.length)]);
    const name = rand() < 0.5 ? 'self.yaml' : 'self.json';
    fs.writeFileSync(path.join(dir, name), input);
    fs.writeFileSync(path.join(dir, 'other.yaml'), rand() < 0.3 ? mutate(OTHER) : OTHER);
    try {
      const result = await check.run([name], {}, { cwd: dir });
      if (!result.ok) withErrors++;
      for (const f of result.findings) {
        if (f.line !== undefined && (!(f.line >= 1) || !((f.column ?? 1) >= 1)))
          throw new Error(`bad position ${f.line}:${f.column} in ${f.rule}`);
      }
    } catch (error) {
      uncaught++;
      if (failures.length < 5) {
        const file = path.join(dir, `crash-${uncaught}-${name}`);
        fs.writeFileSync(file, input);
        failures.push(`#${i}: ${(error as Error)?.stack ?? String(error)}\n  input saved at ${file}`);
      }
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const f of failures) console.error(f);
  console.log(
    `fuzz validate-asyncapi: ${ITERATIONS} inputs (${SEEDS.length} seeds), ${uncaught} uncaught exceptions, ${withErrors} with error findings; ${seconds} s`,
  );
  if (uncaught === 0) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(uncaught === 0 ? 0 : 1);
}

void main();
