import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from './gateway-routes';
import { routeRegex } from './route-paths';

const dir = mkdtempSync(path.join(tmpdir(), 'gateway-routes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTRACT = `openapi: 3.1.0
info: { title: Payments, version: 1.0.0 }
servers:
  - url: http://localhost:3000/v1
paths:
  /payments:
    get:
      operationId: listPayments
      responses: { '200': { description: ok } }
    post:
      operationId: createPayment
      responses: { '201': { description: created } }
  /payments/{paymentId}:
    parameters:
      - { name: paymentId, in: path, required: true, schema: { type: string, format: uuid } }
    get:
      operationId: getPayment
      responses: { '200': { description: ok } }
    delete:
      operationId: deletePayment
      responses: { '204': { description: gone } }
`;

const KONG = `_format_version: "3.0"
services:
  - name: payments-api
    url: http://api:3000
    routes:
      - name: payments
        paths: ["~/v1/payments$"]
        methods: [GET, POST]
        strip_path: false
      - name: payment
        paths:
          - ~/v1/payments/(?<paymentId>[^/]+)$
        methods: [GET, DELETE]
        strip_path: false
`;

async function run(kong: string, contract = CONTRACT, options: Record<string, string> = {}) {
  writeFileSync(path.join(dir, 'openapi.yaml'), contract);
  writeFileSync(path.join(dir, 'kong.yml'), kong);
  return check.run(['kong.yml'], { contract: 'openapi.yaml', ...options }, { cwd: dir });
}
import type { Finding } from '../contract';
import { undeclaredRules } from '../rule-catalogue';
import { rules } from './rule-catalogue';
/** Findings as rule@position; every rule reported must be declared in the check's catalogue. */
function brief(r: { findings: { rule: string; file: string; line?: number; column?: number }[] }): string[] {
  expect(undeclaredRules(rules, r.findings as Finding[])).toEqual([]);
  return r.findings.map((f) => `${f.rule}@${f.file}:${f.line}:${f.column}`);
}

describe('gateway-routes', () => {
  it('passes when the routes are exactly the contract (server base path /v1)', async () => {
    const r = await run(KONG);
    expect(r.findings).toEqual([]);
    expect(r.metadata).toMatchObject({ gateway: 'kong', basePath: '/v1', operations: 4 });
    expect((r.metadata!.routed as string[]).sort()).toEqual([
      'DELETE /payments/{paymentId}',
      'GET /payments',
      'GET /payments/{paymentId}',
      'POST /payments',
    ]);
  });

  it('names a route to a path not in the contract at its line, and the operation left unrouted at its line in the contract', async () => {
    const r = await run(KONG.replace('~/v1/payments/(?<paymentId>[^/]+)$', '~/v1/payouts/(?<paymentId>[^/]+)$'));
    expect(brief(r)).toEqual([
      'gateway/route-not-in-contract@kong.yml:12:13',
      'gateway/operation-unrouted@openapi.yaml:16:5',
      'gateway/operation-unrouted@openapi.yaml:19:5',
    ]);
    expect(r.findings[0].message).toContain('forwards ~/v1/payouts/(?<paymentId>[^/]+)$, which is not a path of the contract (under /v1)');
    expect(r.findings[1].message).toContain('GET /payments/{paymentId} (gateway path /v1/payments/{paymentId}) is not routed');
    expect(r.ok).toBe(false);
  });

  it('names a method the contract does not define at that path', async () => {
    const r = await run(KONG.replace('methods: [GET, DELETE]', 'methods: [GET, DELETE, PATCH]'));
    expect(brief(r)).toEqual(['gateway/method-not-in-contract@kong.yml:13:32']);
    expect(r.findings[0].message).toContain(
      'forwards PATCH /v1/payments/{paymentId}, which the contract does not define (it defines GET, DELETE there)',
    );
  });

  it('reports an operation no route forwards', async () => {
    const r = await run(KONG.replace('methods: [GET, POST]', 'methods: [GET]'));
    expect(brief(r)).toEqual(['gateway/operation-unrouted@openapi.yaml:10:5']);
  });

  it("refuses Kong's default strip_path and routes without methods or paths", async () => {
    const r = await run(
      KONG.replace('        methods: [GET, POST]\n        strip_path: false\n', '').replace(
        '~/v1/payments/(?<paymentId>[^/]+)$',
        '~/v1/payments/(?<paymentId>\\d+)$',
      ),
    );
    expect(brief(r)).toEqual(['gateway/strip-path@kong.yml:6:9', 'gateway/methods-missing@kong.yml:6:9']);
    const none = await run(KONG.replace('        paths: ["~/v1/payments$"]\n', ''));
    expect(brief(none)).toEqual([
      'gateway/route-not-in-contract@kong.yml:6:9',
      'gateway/operation-unrouted@openapi.yaml:7:5',
      'gateway/operation-unrouted@openapi.yaml:10:5',
    ]);
  });

  it('reads plain paths as Kong prefixes: a prefix that is a contract path routes it and what lies below it', async () => {
    const prefix = `_format_version: "3.0"\nservices:\n  - name: api\n    url: http://api:3000\n    routes:\n      - name: all\n        paths: [/v1/payments]\n        methods: [GET, POST, DELETE]\n        strip_path: false\n`;
    const r = await run(prefix);
    expect(brief(r)).toEqual(['gateway/method-not-in-contract@kong.yml:8:30']);
    const v1 = await run(prefix.replace('[/v1/payments]', '[/v1]'));
    expect(brief(v1)).toEqual(['gateway/route-not-in-contract@kong.yml:7:17']);
  });

  it('takes --basePath over the server URL, and names an unreadable contract', async () => {
    const r = await run(KONG.replace(/\/v1\//g, '/api/v1/'), CONTRACT, { basePath: '/api/v1' });
    expect(r.findings).toEqual([]);
    const broken = await run(KONG, 'openapi: 2.0\n');
    expect(brief(broken)).toEqual(['gateway/contract-unreadable@openapi.yaml:1:10']);
  });

  it('reports structure, format version and unreadable regular expressions at their lines', async () => {
    const r = await run(
      `_format_version: "2.1"\nservices:\n  - name: x\n    routes:\n      - paths: ["~/v1/(?>atomic)"]\n        methods: GET\n`,
    );
    expect(brief(r)).toEqual([
      'gateway/format-version@kong.yml:1:18',
      'gateway/service-target@kong.yml:3:5',
      'gateway/strip-path@kong.yml:5:9',
      'gateway/methods-missing@kong.yml:5:9',
      'gateway/route-path@kong.yml:5:17',
      'gateway/structure@kong.yml:6:18',
      'gateway/operation-unrouted@openapi.yaml:7:5',
      'gateway/operation-unrouted@openapi.yaml:10:5',
      'gateway/operation-unrouted@openapi.yaml:16:5',
      'gateway/operation-unrouted@openapi.yaml:19:5',
    ]);
  });

  it('writes the anchored regex of a template', () => {
    expect(routeRegex('/v1/payments/{paymentId}')).toBe('/v1/payments/(?<paymentId>[^/]+)$');
    expect(new RegExp(routeRegex('/v1/a.b/{x-y}')).test('/v1/a.b/1')).toBe(true);
  });
});
