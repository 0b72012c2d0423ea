import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildContract, renderContractYaml } from '../../skills/openapi-contract';
import { check } from './event-flow';

const EVENTS = `asyncapi: 3.0.0
info: { title: shopflow events, version: 1.0.0 }
channels:
  order-placed: { address: shopflow.order-placed }
  payment-captured: { address: shopflow.payment-captured }
operations:
  orders.send.order-placed:
    action: send
    channel: { $ref: '#/channels/order-placed' }
    x-service: orders
  payments.receive.order-placed:
    action: receive
    channel: { $ref: '#/channels/order-placed' }
    x-service: payments
  payments.send.payment-captured:
    action: send
    channel: { $ref: '#/channels/payment-captured' }
    x-service: payments
  orders.receive.payment-captured:
    action: receive
    channel: { $ref: '#/channels/payment-captured' }
    x-service: orders
`;
const CATALOG = `services:
  orders: { port: 3001, calls: [payments] }
  payments: { port: 3002 }
`;
const ORDERS = `import { bus, http } from './deps';
export async function place(id: string) {
  await http.request('payments', 'POST', '/v1/payments', { body: { orderId: id } });
  await http.request('payments', 'GET', \`/v1/payments/\${encodeURIComponent(id)}\`);
  await bus.publish('order-placed', { orderId: id });
}
bus.subscribe('payment-captured', async () => undefined);
`;
const PAYMENTS = `import { bus } from './deps';
bus.subscribe('order-placed', async (e: { orderId: string }) => bus.publish('payment-captured', e));
`;

let n = 0;
function workspace(change: Partial<Record<'events' | 'catalog' | 'orders' | 'payments', string>> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), `event-flow-${n++}-`));
  const write = (p: string, c: string) => {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), c);
  };
  write('contracts/events/asyncapi.yaml', change.events ?? EVENTS);
  write('contracts/services.yaml', change.catalog ?? CATALOG);
  write('contracts/payments/openapi.yaml', renderContractYaml(buildContract({ serviceName: 'payments', resources: ['payments'] })));
  write('services/orders/src/orders.ts', change.orders ?? ORDERS);
  write('services/payments/src/payments.ts', change.payments ?? PAYMENTS);
  roots.push(root);
  return root;
}
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
const run = (root: string) =>
  check.run(['services'], { events: 'contracts/events/asyncapi.yaml', services: 'contracts/services.yaml' }, { cwd: root });
const brief = (r: { findings: { rule: string; file: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`);

describe('event-flow', () => {
  it('passes services that keep their contracts, and says who produces and consumes what', async () => {
    const r = await run(workspace());
    expect(r.findings).toEqual([]);
    expect(r.metadata).toEqual({
      services: ['orders', 'payments'],
      events: [
        { event: 'order-placed', producers: ['orders'], consumers: ['payments'] },
        { event: 'payment-captured', producers: ['payments'], consumers: ['orders'] },
      ],
      calls: 2,
    });
  });

  it('an event consumed that nobody produces: in the document, at the consumer operation', async () => {
    const events =
      EVENTS +
      `  inventory-reserved-consumer:\n    action: receive\n    channel: { $ref: '#/channels/inventory-reserved' }\n    x-service: orders\n`;
    const withChannel = events.replace('channels:\n', 'channels:\n  inventory-reserved: { address: shopflow.inventory-reserved }\n');
    const r = await run(workspace({ events: withChannel }));
    expect(brief(r)).toEqual(['flow/consumed-without-producer contracts/events/asyncapi.yaml:26:14']);
  });

  it('an event consumed that nobody produces: in the code, at the event name', async () => {
    const r = await run(workspace({ payments: PAYMENTS + `bus.subscribe('refund-issued', async () => undefined);\n` }));
    expect(brief(r)).toEqual(['flow/consumed-without-producer services/payments/src/payments.ts:3:15']);
  });

  it('a publish the document does not declare for that service, and a declared producer that never publishes', async () => {
    const r = await run(
      workspace({
        payments: `import { bus } from './deps';\nbus.publish('order-placed', {});\nbus.subscribe('order-placed', async () => undefined);\n`,
      }),
    );
    expect(brief(r)).toEqual([
      'flow/producer-not-implemented contracts/events/asyncapi.yaml:17:14',
      'flow/undeclared-publish services/payments/src/payments.ts:2:13',
    ]);
  });

  it('a call that is not in the callee’s contract, at the path; a call the catalog does not allow', async () => {
    const r = await run(workspace({ orders: ORDERS.replace("'POST', '/v1/payments'", "'POST', '/v1/payments/refunds'") }));
    expect(brief(r)).toEqual(['flow/call-not-in-contract services/orders/src/orders.ts:3:42']);
    expect(r.findings[0].message).toContain('POST /v1/payments/refunds on payments');
    const undeclared = await run(workspace({ catalog: CATALOG.replace('calls: [payments]', 'calls: []') }));
    expect(brief(undeclared)).toEqual([
      'flow/undeclared-call services/orders/src/orders.ts:3:42',
      'flow/undeclared-call services/orders/src/orders.ts:4:41',
    ]);
  });

  it('two producers of one event; a method the path does not have', async () => {
    const events =
      EVENTS +
      `  payments.send.order-placed:\n    action: send\n    channel: { $ref: '#/channels/order-placed' }\n    x-service: payments\n`;
    const r = await run(workspace({ events, payments: PAYMENTS + "bus.publish('order-placed', {});\n" }));
    expect(brief(r)).toEqual(['flow/several-producers contracts/events/asyncapi.yaml:25:14']);
    const wrong = await run(workspace({ orders: ORDERS.replace("'GET', `", "'PUT', `") }));
    expect(wrong.findings[0].message).toContain('that path has GET /v1/payments/{paymentId}');
  });

  it('only: events or calls judges that half alone', async () => {
    const root = workspace({
      orders: ORDERS.replace("'POST', '/v1/payments'", "'POST', '/v1/payments/refunds'"),
      payments: PAYMENTS + `bus.subscribe('refund-issued', async () => undefined);\n`,
    });
    const opts = { events: 'contracts/events/asyncapi.yaml', services: 'contracts/services.yaml' };
    const events = await check.run(['services'], { ...opts, only: 'events' }, { cwd: root });
    expect(events.findings.map((f) => f.rule)).toEqual(['flow/consumed-without-producer']);
    const calls = await check.run(['services'], { ...opts, only: 'calls' }, { cwd: root });
    expect(calls.findings.map((f) => f.rule)).toEqual(['flow/call-not-in-contract']);
  });

  it('broken inputs are findings, never crashes', async () => {
    const root = workspace({ events: 'asyncapi: 2.6.0\n', orders: 'this is ( not typescript' });
    const r = await run(root);
    expect(r.ok).toBe(false);
    expect(brief(r)).toEqual(['flow/asyncapi-version contracts/events/asyncapi.yaml:1:11']);
    const missing = await check.run(['nope'], { services: 'missing.yaml' }, { cwd: root });
    expect(missing.findings.map((f) => f.rule).sort()).toEqual(['flow/not-found', 'flow/not-found']);
  });

  it('a channel $ref with a malformed %-escape names no channel (a finding at it, no URIError)', async () => {
    const r = await run(
      workspace({
        events: EVENTS.replace(
          "$ref: '#/channels/payment-captured' }\n    x-service: orders",
          "$ref: '#/channels/%zz' }\n    x-service: orders",
        ),
      }),
    );
    expect(brief(r)).toContain('flow/unknown-channel contracts/events/asyncapi.yaml:21:14');
  });

  it('a file ending in an unterminated doc comment with a hyphenated word is read, not looped on (TypeScript#63580)', () => {
    // TypeScript 5.5-5.9's JSDoc scanner never returns on `/** a-bc` at the end of a file; the fuzzer hung on it.
    // In a child process with a time limit: a loop in this process would stop Jest's own timeout too.
    const root = workspace({ orders: `${ORDERS}/** In-pr`, payments: `${PAYMENTS}/** xx-yy` });
    const script = `require('./packages/plan/src/checks/event-flow/event-flow').check.run(['services'], { events: 'contracts/events/asyncapi.yaml', services: 'contracts/services.yaml' }, { cwd: ${JSON.stringify(root)} }).then((r) => console.log(JSON.stringify(r.findings.map((f) => f.rule))))`;
    const child = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: path.resolve(__dirname, '../../../../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.signal).toBeNull();
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([]);
  }, 70_000);
});
