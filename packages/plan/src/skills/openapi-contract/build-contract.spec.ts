import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { check as validateOpenapi } from '../../checks/validate-openapi/validate-openapi';
import { buildContract, contractOperations, pathPrefix, renderContractYaml, resourceModels, singularOf } from './index';

describe('openapi-contract skill', () => {
  const options = { serviceName: 'payments', resources: ['payments', 'refunds'] };

  it('has CRUD per resource under /v1 with one scope per read and write', () => {
    const doc = buildContract(options);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/v1/payments', '/v1/payments/{paymentId}', '/v1/refunds', '/v1/refunds/{refundId}']);
    expect(Object.keys(doc.paths['/v1/payments'])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/refunds/{refundId}'])).toEqual(['parameters', 'get', 'patch', 'delete']);
    expect(doc.paths['/v1/payments'].post.security).toEqual([{ oauth2: ['payments:write'] }, { oidc: ['payments:write'] }]);
    expect(Object.keys(doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes)).toEqual([
      'payments:read',
      'payments:write',
      'refunds:read',
      'refunds:write',
    ]);
    expect(contractOperations(options).map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      'get /v1/payments listPayments',
      'post /v1/payments createPayment',
      'get /v1/payments/{paymentId} getPayment',
      'patch /v1/payments/{paymentId} updatePayment',
      'delete /v1/payments/{paymentId} deletePayment',
      'get /v1/refunds listRefunds',
      'post /v1/refunds createRefund',
      'get /v1/refunds/{refundId} getRefund',
      'patch /v1/refunds/{refundId} updateRefund',
      'delete /v1/refunds/{refundId} deleteRefund',
    ]);
  });

  it('answers errors with RFC 9457 problem details and pages with a cursor', () => {
    const doc = buildContract(options);
    expect(doc.components.responses.NotFound.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.components.schemas.PaymentPage.required).toEqual(['data', 'nextCursor']);
    expect(doc.paths['/v1/payments'].get.parameters).toEqual([
      { $ref: '#/components/parameters/Limit' },
      { $ref: '#/components/parameters/Cursor' },
    ]);
  });

  it('renders YAML that validate-openapi accepts, free text included, with the same content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-'));
    try {
      const doc = buildContract({
        ...options,
        resources: ['payments', 'refunds', 'line-items', 'addresses'],
        title: 'Payments: "quoted" #not-a-comment',
        description: 'two\nlines: {x} [y] ${z}',
      });
      const yaml = renderContractYaml(doc);
      expect(yaml).not.toMatch(/[&*]a\d/); // no anchors or aliases
      expect(parse(yaml)).toEqual(doc);
      writeFileSync(join(dir, 'openapi.yaml'), yaml);
      const result = await validateOpenapi.run(['openapi.yaml'], {}, { cwd: dir });
      expect(result.findings).toEqual([]);
      expect(result.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('derives names and refuses what would collide', () => {
    expect(['payments', 'refunds', 'categories', 'addresses', 'boxes', 'status'].map(singularOf)).toEqual([
      'payment',
      'refund',
      'category',
      'address',
      'box',
      'status',
    ]);
    const [lineItems] = resourceModels(['line-items']);
    expect(lineItems).toMatchObject({
      pascal: 'LineItem',
      idParam: 'lineItemId',
      table: 'line_items',
      scopes: { read: 'line-items:read' },
    });
    expect(() => resourceModels([])).toThrow('at least one resource');
    expect(() => resourceModels(['payments', 'payments'])).toThrow('"payments" is listed twice');
    expect(() => resourceModels(['Payments'])).toThrow('kebab-case plural');
    expect(() => pathPrefix('one')).toThrow('semantic versioning');
    expect(pathPrefix('2.3.0')).toBe('/v2');
  });
});
