/**
 * Fuzzes event-flow: the service-links skill's AsyncAPI document, catalog and service code plus
 * a contract, mutated (YAML structure and bytes, TypeScript bytes), through the real check.run().
 *
 *   node -r @swc-node/register tools/fuzz/event-flow.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/event-flow/event-flow';
import { buildContract, renderContractYaml } from '../../packages/plan/src/skills/openapi-contract';
import {
  defaultProducer,
  MicroSystem,
  renderCatalog,
  renderEventsYaml,
  renderServiceLinks,
} from '../../packages/plan/src/skills/service-links';
import { byteMutate, fuzzMain, mutate } from './contracts-lib';

const names = ['orders', 'payments'];
const system: MicroSystem = {
  name: 'shop',
  services: names.map((name, i) => ({ name, port: 3001 + i, publicPaths: [], calls: i === 0 ? ['payments'] : [] })),
  events: ['order-placed', 'payment-captured'].map((name) => {
    const producer = defaultProducer(name, names);
    return { name, producer, consumers: names.filter((s) => s !== producer) };
  }),
};
const code = [...renderServiceLinks(system, 'orders'), ...renderServiceLinks(system, 'payments')].filter(([p]) => p.endsWith('.ts'));
const EVENTS = renderEventsYaml(system);
const CATALOG = renderCatalog(system);
const CONTRACT = renderContractYaml(buildContract({ serviceName: 'payments', resources: ['payments'] }));
const EXTRAS = { action: 'receive', 'x-service': 'ghost', channel: { $ref: '#/channels/nope' }, calls: ['ghost'], $ref: '#/x' };
const CODE_SNIPPETS = [
  "bus.subscribe('ghost', h);",
  "http.request('payments', 'PUT', `/v1/payments/${id}/x`);",
  'bus.publish(name, 1);',
  "http.request('ghost', 'GET', '/');",
  '`${',
];

function write(dir: string, relative: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), text);
}

void fuzzMain({
  name: 'event-flow',
  async baseline(dir) {
    for (const [p, c] of code) write(dir, p, c);
    write(dir, 'contracts/events/asyncapi.yaml', EVENTS);
    write(dir, 'contracts/services.yaml', CATALOG);
    write(dir, 'contracts/payments/openapi.yaml', CONTRACT);
    return check.run(['services'], { events: 'contracts/events/asyncapi.yaml', services: 'contracts/services.yaml' }, { cwd: dir });
  },
  async run(dir, r) {
    for (const [p, c] of code) {
      let text = c;
      if (r.rand() < 0.3) text = byteMutate(text, r);
      if (r.rand() < 0.3) text += `\n${r.pick(CODE_SNIPPETS)}\n`;
      write(dir, p, text);
    }
    write(dir, 'contracts/events/asyncapi.yaml', r.rand() < 0.6 ? mutate(EVENTS, r, EXTRAS) : EVENTS);
    write(dir, 'contracts/services.yaml', r.rand() < 0.3 ? mutate(CATALOG, r, EXTRAS) : CATALOG);
    write(dir, 'contracts/payments/openapi.yaml', r.rand() < 0.1 ? mutate(CONTRACT, r) : CONTRACT);
    return check.run(['services'], { events: 'contracts/events/asyncapi.yaml', services: 'contracts/services.yaml' }, { cwd: dir });
  },
});
