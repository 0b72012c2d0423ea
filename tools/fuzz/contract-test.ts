/**
 * Fuzzes contract-test's reading of contracts and replies, without starting services (the start
 * and stop path is covered by its spec against real servers): mutated OpenAPI documents
 * (api-document-mutations.ts) are loaded, every operation gets its request built, and a random
 * reply per operation (documented or not status, JSON that fits, does not fit, or is not JSON) is
 * judged. Any exception is a bug; so is a request target that is not a path.
 *
 *   node -r @swc-node/register tools/fuzz/contract-test.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRequest } from '../../packages/plan/src/checks/contract-test/build-request';
import { judgeResponse } from '../../packages/plan/src/checks/contract-test/judge-response';
import { parseProbes } from '../../packages/plan/src/checks/contract-test/routes';
import { loadOpenApi } from '../../packages/plan/src/checks/openapi/load-openapi';
import { listOperations } from '../../packages/plan/src/checks/openapi/operations';
import { sharedDir } from '../../packages/plan/src/utils/shared-dir';
import { createMutator } from './api-document-mutations';
import { arg, prng } from './lib';

const ITERATIONS = arg('iterations', 10000);
const SEED = arg('seed', 1);
const rand = prng(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];
const { mutate } = createMutator(rand);

const ITEMS = fs.readFileSync(path.join(__dirname, '../../packages/plan/src/checks/contract-test/test-servers/items.openapi.yaml'), 'utf8');
const fixtures = sharedDir('fixtures');
const fixtureDir = fixtures ? path.join(fixtures, 'contracts', 'openapi') : undefined;
const SEEDS = [
  ITEMS,
  ...(fixtureDir
    ? fs
        .readdirSync(fixtureDir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .map((f) => fs.readFileSync(path.join(fixtureDir, f), 'utf8'))
    : []),
];
const BODIES = [
  '',
  'null',
  '{}',
  '[]',
  '{"id":1,"name":"pen","price":1.5}',
  '[{"id":1,"name":"pen","price":"x"}]',
  '{"detail":"Not Found"}',
  'not json',
  '{"a":',
  '"\u0000"',
  '1e999',
  JSON.stringify({ deep: Array.from({ length: 50 }).reduce((acc) => [acc], 1) }),
];
const TYPES = ['application/json', 'application/problem+json; charset=utf-8', 'text/plain', '', 'text/html'];
const STATUSES = [200, 201, 204, 301, 400, 401, 404, 405, 422, 500, 501, 599];
const PROBES = ['/admin', 'GET /a?b=c', 'DELETE /x/{y}', 'admin', 'FETCH /x', '  /ok  ', '/'];

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-contract-test-'));
  const started = performance.now();
  let uncaught = 0;
  let operations = 0;
  let findings = 0;
  const failures: string[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const input = mutate(pick(SEEDS));
    fs.writeFileSync(path.join(dir, 'contract.yaml'), input);
    try {
      try {
        parseProbes([pick(PROBES)]);
      } catch (error) {
        if ((error as Error).name !== 'CheckUsageError') throw error;
      }
      const { contract } = loadOpenApi('contract.yaml', dir);
      if (!contract) continue;
      for (const op of listOperations(contract)) {
        operations++;
        const request = buildRequest(contract, op);
        if (!request.target.startsWith('/') && !request.target.startsWith('?'))
          throw new Error(`request target is not a path: ${request.target}`);
        const reply = {
          status: pick(STATUSES),
          contentType: pick(TYPES),
          body: rand() < 0.3 && request.body ? request.body : pick(BODIES),
        };
        findings += judgeResponse(contract, op, `${request.method} ${request.target}`, reply).length;
      }
    } catch (error) {
      uncaught++;
      if (failures.length < 5) {
        const file = path.join(dir, `crash-${uncaught}.yaml`);
        fs.writeFileSync(file, input);
        failures.push(`#${i}: ${(error as Error)?.stack ?? String(error)}\n  input saved at ${file}`);
      }
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const f of failures) console.error(f);
  console.log(
    `fuzz contract-test: ${ITERATIONS} contracts (${SEEDS.length} seeds), ${operations} operations exercised against random replies, ${findings} findings, ${uncaught} uncaught exceptions; ${seconds} s`,
  );
  if (uncaught === 0) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(uncaught === 0 ? 0 : 1);
}

main();
