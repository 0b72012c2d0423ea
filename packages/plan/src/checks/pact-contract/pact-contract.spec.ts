import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildContract, renderContractYaml } from '../../skills/openapi-contract';
import { check } from './pact-contract';

const dir = mkdtempSync(path.join(tmpdir(), 'pact-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (p: string, c: string) => {
  mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  writeFileSync(path.join(dir, p), c);
  return p;
};
write('contracts/payments/openapi.yaml', renderContractYaml(buildContract({ serviceName: 'payments', resources: ['payments'] })));

const PAYMENT = { id: '7c2d9a50-1b6e-4f0e-8f3a-2a9d1e6b4c10', amount: 1999, currency: 'EUR', status: 'pending' };
const pact = (interactions: unknown[]) =>
  JSON.stringify(
    { consumer: { name: 'orders' }, provider: { name: 'payments' }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } },
    null,
    2,
  );
const get = (body: unknown, extra: Record<string, unknown> = {}) => ({
  description: 'getPayment',
  request: { method: 'GET', path: `/v1/payments/${PAYMENT.id}` },
  response: { status: 200, headers: { 'Content-Type': 'application/json' }, body },
  ...extra,
});
const brief = (r: { findings: { rule: string; file: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`);

describe('pact-contract', () => {
  it('passes interactions the provider’s contract promises', async () => {
    write(
      'ok/pacts/orders-payments.json',
      pact([
        get(PAYMENT),
        {
          description: 'create',
          request: { method: 'POST', path: '/v1/payments', body: { amount: 5, currency: 'EUR' } },
          response: { status: 201, body: PAYMENT },
        },
      ]),
    );
    const r = await check.run(['ok'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.metadata).toEqual({ pacts: 1, interactions: 2 });
  });

  it('a consumer expecting a field the provider does not return fails at that field of the pact', async () => {
    const file = write('drop/orders-payments.json', pact([get({ ...PAYMENT, discountCode: 'X' })]));
    const r = await check.run([file], {}, { cwd: dir });
    expect(brief(r)).toEqual(['pact/field-not-in-contract drop/orders-payments.json:25:27']);
    expect(r.findings[0].message).toContain('orders expects the field "discountCode" in the 200 response of GET /v1/payments/{paymentId}');
  });

  it('a wrong type, an unknown operation, an undocumented status, a request field the schema forbids', async () => {
    const file = write(
      'bad/orders-payments.json',
      pact([
        get({ ...PAYMENT, amount: '19.99' }),
        get(PAYMENT, { request: { method: 'GET', path: '/v1/refunds/1' } }),
        get(PAYMENT, { response: { status: 418, body: PAYMENT } }),
        {
          description: 'create',
          request: { method: 'POST', path: '/v1/payments', body: { amount: 5, currency: 'EUR', tip: 1 } },
          response: { status: 201 },
        },
      ]),
    );
    const r = await check.run([file], {}, { cwd: dir });
    expect(r.findings.map((f) => f.rule)).toEqual([
      'pact/type-mismatch',
      'pact/unknown-operation',
      'pact/undocumented-status',
      'pact/request-field-not-in-contract',
    ]);
  });

  it('no pact yet, or a provider without a contract', async () => {
    expect((await check.run(['nowhere'], {}, { cwd: dir })).findings.map((f) => f.rule)).toEqual(['pact/not-found']);
    const file = write('other/x.json', JSON.stringify({ consumer: { name: 'orders' }, provider: { name: 'shipping' }, interactions: [] }));
    expect((await check.run([file], {}, { cwd: dir })).findings.map((f) => f.rule)).toEqual(['pact/provider-contract']);
  });
});
