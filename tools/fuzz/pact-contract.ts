/**
 * Fuzzes pact-contract: a pact of two interactions and the provider's contract, mutated
 * (structure and bytes), through the real check.run().
 *
 *   node -r @swc-node/register tools/fuzz/pact-contract.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/pact-contract/pact-contract';
import { buildContract, renderContractYaml } from '../../packages/plan/src/skills/openapi-contract';
import { fuzzMain, mutate } from './contracts-lib';

const PAYMENT = { id: '7c2d9a50-1b6e-4f0e-8f3a-2a9d1e6b4c10', amount: 1999, currency: 'EUR', status: 'pending' };
const PACT = JSON.stringify({
  consumer: { name: 'orders' },
  provider: { name: 'payments' },
  interactions: [
    { description: 'get', request: { method: 'GET', path: `/v1/payments/${PAYMENT.id}` }, response: { status: 200, body: PAYMENT } },
    {
      description: 'create',
      request: { method: 'POST', path: '/v1/payments', body: { amount: 5, currency: 'EUR' } },
      response: { status: 201, body: PAYMENT },
    },
  ],
});
const CONTRACT = renderContractYaml(buildContract({ serviceName: 'payments', resources: ['payments'] }));
const EXTRAS = {
  status: 418,
  path: '/v1/{x}',
  method: 'BREW',
  body: [1, { a: null }],
  name: '../x',
  additionalProperties: true,
  allOf: [{ $ref: '#/a' }],
};

function write(dir: string, relative: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), text);
}

void fuzzMain({
  name: 'pact-contract',
  async baseline(dir) {
    write(dir, 'pacts/p.json', PACT);
    write(dir, 'contracts/payments/openapi.yaml', CONTRACT);
    return check.run(['pacts'], {}, { cwd: dir });
  },
  async run(dir, r) {
    write(dir, 'pacts/p.json', mutate(PACT, r, EXTRAS, true));
    write(dir, 'contracts/payments/openapi.yaml', r.rand() < 0.2 ? mutate(CONTRACT, r, EXTRAS) : CONTRACT);
    return check.run(['pacts'], {}, { cwd: dir });
  },
});
