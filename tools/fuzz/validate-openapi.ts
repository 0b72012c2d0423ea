/**
 * Fuzzes validate-openapi: mutated OpenAPI documents (byte-level and structure-aware, see
 * api-document-mutations.ts) beside a mutated second file they may $ref, through the real
 * check.run(). Seeds: the contract of the contract-test servers, a 3.1 document, and the real
 * documents of ../shared/fixtures/contracts/openapi when present. Any exception escaping run(),
 * or a finding without a valid position, is a bug.
 *
 *   node -r @swc-node/register tools/fuzz/validate-openapi.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-openapi/validate-openapi';
import { sharedDir } from '../../packages/plan/src/utils/shared-dir';
import { createMutator } from './api-document-mutations';
import { arg, prng } from './lib';

const ITERATIONS = arg('iterations', 10000);
const SEED = arg('seed', 1);
const rand = prng(SEED);
const { mutate } = createMutator(rand);

const ITEMS = fs.readFileSync(path.join(__dirname, '../../packages/plan/src/checks/contract-test/test-servers/items.openapi.yaml'), 'utf8');
const OPENAPI_31 = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'T', version: '1' },
  paths: {
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'a' }],
      get: {
        operationId: 'getThing',
        security: [{ key: [] }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: 'other.yaml#/Thing' }, examples: { a: { value: { n: 1 } } } } },
          },
        },
      },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'k' } },
    schemas: { Id: { type: ['string', 'null'], examples: ['a'] } },
  },
});
const OTHER = 'Thing:\n  type: object\n  properties:\n    n: { type: integer }\n    self: { $ref: "#/Thing" }\n';
const fixtures = sharedDir('fixtures');
const fixtureDir = fixtures ? path.join(fixtures, 'contracts', 'openapi') : undefined;
const SEEDS = [
  ITEMS,
  OPENAPI_31,
  ...(fixtureDir
    ? fs
        .readdirSync(fixtureDir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .map((f) => fs.readFileSync(path.join(fixtureDir, f), 'utf8'))
    : []),
];

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-openapi-'));
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
    `fuzz validate-openapi: ${ITERATIONS} inputs (${SEEDS.length} seeds), ${uncaught} uncaught exceptions, ${withErrors} with error findings; ${seconds} s`,
  );
  if (uncaught === 0) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(uncaught === 0 ? 0 : 1);
}

void main();
