import { PGlite } from '@electric-sql/pglite';
import { contractOperations } from '../openapi-contract';
import { parseSql } from '../../checks/validate-schema/pg-parser';
import { FASTIFY_SERVICE_DEPENDENCIES, renderFastifyService, SERVICE_TESTS } from './index';

// The service's own tests (api/test/*.test.ts) need its npm dependencies and run in the e2e suite
// (e2e/api-service.e2e.ts) inside a real workspace; here: what the renderer writes.
describe('fastify-service skill', () => {
  const options = { serviceName: 'payments', resources: ['payments', 'refunds', 'line-items'] };
  const files = renderFastifyService(options);

  it('writes one handler module per contract operation and one migration and repository per resource', () => {
    for (const op of contractOperations(options)) expect(files.has(`api/src/handlers/${op.operationId}.ts`)).toBe(true);
    expect([...files.keys()].filter((f) => f.startsWith('api/migrations/'))).toEqual([
      'api/migrations/0001_create_payments.sql',
      'api/migrations/0002_create_refunds.sql',
      'api/migrations/0003_create_line_items.sql',
    ]);
    expect(files.has('api/src/resources/line-items.ts')).toBe(true);
    for (const test of Object.values(SERVICE_TESTS)) expect(files.has(`api/${test}`)).toBe(true);
    expect(files.get('api/src/handlers/getLineItem.ts')).toContain('params.lineItemId');
  });

  it('points the service at the contract and declares what it needs', () => {
    expect(files.get('api/src/service-info.ts')).toContain("contractFromSrc: '../../contracts/openapi.yaml'");
    expect(files.get('api/src/service-info.ts')).toContain("defaultIssuer: 'http://localhost:8080/realms/payments'");
    const pkg = JSON.parse(files.get('api/package.json')!);
    expect(pkg).toMatchObject({ name: 'payments-api', type: 'module', dependencies: FASTIFY_SERVICE_DEPENDENCIES.dependencies });
    const elsewhere = renderFastifyService({ ...options, dir: 'services/payments', contractPath: 'contracts/payments/openapi.yaml' });
    expect(elsewhere.get('services/payments/src/service-info.ts')).toContain("contractFromSrc: '../../../contracts/payments/openapi.yaml'");
  });

  it('renders the same bytes every time', () => {
    expect(renderFastifyService(options)).toEqual(files);
  });

  it('writes migrations PostgreSQL parses and applies, with the contract constraints', async () => {
    const db = await PGlite.create();
    try {
      for (const [file, sql] of files) {
        if (!file.endsWith('.sql')) continue;
        expect((await parseSql(sql)).ok).toBe(true);
        await db.exec(sql);
      }
      await expect(db.query(`INSERT INTO payments (id, amount, currency) VALUES (gen_random_uuid(), 0, 'EUR')`)).rejects.toThrow(/check/);
      await expect(db.query(`INSERT INTO payments (id, amount, currency) VALUES (gen_random_uuid(), 5, 'euro')`)).rejects.toThrow(/check/);
      const ok = await db.query<{ status: string }>(
        `INSERT INTO payments (id, amount, currency) VALUES (gen_random_uuid(), 5, 'EUR') RETURNING status`,
      );
      expect(ok.rows[0].status).toBe('pending');
      await db.query(`INSERT INTO line_items (id, name) VALUES (gen_random_uuid(), 'x')`);
    } finally {
      await db.close();
    }
  }, 120_000);
});
