import { parse } from 'yaml';
import { PlanSchema } from '../../model/plan-schema';
import { kindModule } from '../registry';
import { buildContext, defaultResources } from './context';
import { apiServiceKind } from './index';

describe('api-service kind', () => {
  const ctx = apiServiceKind.context({ name: 'payments', resources: 'payments,refunds' });
  const plan = PlanSchema.parse(apiServiceKind.plan(ctx));
  const items = [
    ...plan.phases.flatMap((p) => p.tasks.flatMap((t) => t.items)),
    ...plan.integrationPoints.flatMap((p) => p.items),
    ...plan.successCriteria,
  ];

  it('fills every stream, integration point and success criterion of Template 2', () => {
    const streams = plan.phases.flatMap((p) => p.tasks);
    expect(streams.map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(streams.flatMap((s) => s.items)).toHaveLength(37);
    expect(plan.integrationPoints.map((p) => p.items.length)).toEqual([3, 3, 3]);
    expect(plan.successCriteria).toHaveLength(5);
    expect(plan.title).toBe('Payments API');
    expect(streams[2].items[0].text).toBe('Initialize API project structure (Fastify (TypeScript))');
    expect(kindModule('api-service')).toBe(apiServiceKind);
  });

  it('gives every item a check or the reason none can prove it here', () => {
    const bare = items.filter((i) => i.checks.length === 0 && !i.unprovable).map((i) => i.text);
    expect(bare).toEqual([]);
    const unprovable = items.filter((i) => i.unprovable).map((i) => i.text);
    expect(unprovable).toEqual([
      'Configure production deployment pipeline',
      'Configure backup and disaster recovery',
      'API deployed and accessible in production',
      'Documentation and SDKs published',
      'Production deployment is automated and monitored',
    ]);
  });

  it('proves the endpoints with the service test and contract-test against the running service', () => {
    const endpoints = items.find((i) => i.text === 'Implement all API endpoints following OpenAPI spec')!;
    expect(endpoints.checks.map((c) => c.uses)).toEqual(['command', 'contract-test']);
    expect(endpoints.checks[0].with?.command).toBe('node --import tsx --test api/test/endpoints.test.ts');
    expect(endpoints.files.map((f) => f.path)).toContain('api/src/handlers/');
  });

  it('writes every file an item names and is deterministic', () => {
    const files = apiServiceKind.files(ctx);
    for (const item of items)
      for (const file of item.files) {
        const present = file.path.endsWith('/') ? [...files.keys()].some((f) => f.startsWith(file.path)) : files.has(file.path);
        expect(`${file.path}: ${present}`).toBe(`${file.path}: true`);
      }
    expect([...apiServiceKind.files(apiServiceKind.context({ name: 'payments', resources: 'payments,refunds' }))]).toEqual([...files]);
  });

  it('derives resources from the name and refuses bad options naming them', () => {
    expect(defaultResources('payments')).toEqual(['payments']);
    expect(defaultResources('payment-service')).toEqual(['payments']);
    expect(defaultResources('inventory-api')).toEqual(['inventories']);
    expect(buildContext({ name: 'orders' }).resources).toEqual(['orders']);
    expect(() => buildContext({ name: 'x', resources: 'payments,"; drop' })).toThrow(/Invalid --resources/);
    expect(() => buildContext({ name: 'x', resources: 'a,a' })).toThrow(/listed twice/);
    expect(() => buildContext({ name: 'x', backendFramework: 'Express' })).toThrow(/Invalid --backendFramework/);
    expect(() => buildContext({ name: 'x', contractHours: 'soon' })).toThrow(/Invalid --contractHours/);
    expect(() => buildContext({ name: 'Bad Name' })).toThrow(/Invalid name/);
  });

  it('keeps hostile titles and descriptions inert: the contract holds them as text, code comments cannot be closed', () => {
    const title = 'Pay */ ${process.exit(1)} <% x %> "q" \'s\' #c {{ y }}';
    const description = 'line one\n---\n- [ ] not an item\n$(touch x)';
    const hostile = apiServiceKind.context({ name: 'payments', resources: 'payments', serviceName: title, description });
    const files = apiServiceKind.files(hostile);
    const contract = parse(files.get('contracts/openapi.yaml')!);
    expect(contract.info).toMatchObject({ title, description });
    const sdk = files.get('sdk/src/index.ts')!;
    expect(sdk.split('\n')[1]).toBe(`// Pay * / \${process.exit(1)} <% x %> "q" 's' #c {{ y }} 1.0.0`);
    expect(() => apiServiceKind.context({ name: 'payments', serviceName: 'two\nlines' })).toThrow(/--serviceName/);
  });
});
