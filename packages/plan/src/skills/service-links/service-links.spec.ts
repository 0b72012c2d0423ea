import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check as eventFlow } from '../../checks/event-flow/event-flow';
import { check as validateAsyncapi } from '../../checks/validate-asyncapi/validate-asyncapi';
import { buildContract, renderContractYaml } from '../openapi-contract';
import { CATALOG_PATH, defaultProducer, EVENTS_PATH, MicroSystem, renderCatalog, renderEventsYaml, renderServiceLinks } from './index';

const names = ['orders', 'payments', 'inventory'];
const system: MicroSystem = {
  name: 'shopflow',
  services: names.map((name, i) => ({ name, port: 3001 + i, publicPaths: [`/v1/${name}`], calls: i === 0 ? names.slice(1) : [] })),
  events: ['order-placed', 'payment-captured'].map((name) => {
    const producer = defaultProducer(name, names);
    return { name, producer, consumers: names.filter((s) => s !== producer) };
  }),
};

describe('service-links skill', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'service-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = new Map<string, string>([
    [EVENTS_PATH, renderEventsYaml(system)],
    [CATALOG_PATH, renderCatalog(system)],
    ...names.map(
      (n) => [`contracts/${n}/openapi.yaml`, renderContractYaml(buildContract({ serviceName: n, resources: [n] }))] as [string, string],
    ),
    ...names.flatMap((n) => [...renderServiceLinks(system, n)]),
  ]);
  for (const [p, c] of files) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), c);
  }

  it('owns each event by the service its first word names', () => {
    expect(system.events).toEqual([
      { name: 'order-placed', producer: 'orders', consumers: ['payments', 'inventory'] },
      { name: 'payment-captured', producer: 'payments', consumers: ['orders', 'inventory'] },
    ]);
  });

  it('writes clients and resilience tests for the calls, events code for every service', () => {
    expect([...files.keys()].filter((p) => p.startsWith('services/')).sort()).toEqual([
      'services/inventory/src/events.ts',
      'services/orders/src/clients/http.ts',
      'services/orders/src/clients/inventory.ts',
      'services/orders/src/clients/payments.ts',
      'services/orders/src/events.ts',
      'services/orders/test/resilience-inventory.test.ts',
      'services/orders/test/resilience-payments.test.ts',
      'services/payments/src/events.ts',
    ]);
  });

  it('the AsyncAPI document passes validate-asyncapi', async () => {
    const r = await validateAsyncapi.run([EVENTS_PATH], {}, { cwd: dir });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('code, events, catalog and contracts agree: event-flow finds nothing', async () => {
    const r = await eventFlow.run(['services'], { events: EVENTS_PATH, services: CATALOG_PATH }, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.metadata).toMatchObject({ services: ['inventory', 'orders', 'payments'], calls: 4 });
  });
});
