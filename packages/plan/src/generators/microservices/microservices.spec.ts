import { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { microservicesGenerator } from './microservices';

/** Runs the generator quietly (it logs what it kept) and returns the tree. */
async function generate(tree: Tree, options: Parameters<typeof microservicesGenerator>[1]) {
  await microservicesGenerator(tree, options);
  return tree;
}

describe('plan:microservices', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await generate(createTreeWithEmptyWorkspace({ formatter: 'none' } as any), { name: 'shopflow' });
  });

  it('writes Template 6 with the default services and events, items proved by their checks', () => {
    const plan = parse(tree.read('shopflow/plan.yaml', 'utf-8')!);
    expect(plan.kind).toBe('microservices');
    expect(plan.variables).toEqual({ services: 'orders,payments,inventory', events: 'order-placed,payment-captured' });
    const streams = plan.phases.flatMap((p: { tasks: unknown[] }) => p.tasks);
    expect(streams.map((t: { id: string }) => t.id).join('')).toBe('ABCDEFGHIJ');
    const core = streams.find((t: { id: string }) => t.id === 'E');
    expect(core.items.slice(0, 3).map((i: { text: string }) => i.text)).toEqual([
      'Implement orders following API contract',
      'Implement payments following API contract',
      'Implement inventory following API contract',
    ]);
    const uses = (id: string) =>
      streams
        .flatMap((t: { items: { id: string; checks?: { uses: string }[] }[] }) => t.items)
        .find((i: { id: string }) => i.id === id)
        .checks.map((c: { uses: string }) => c.uses);
    expect(uses('A.3')).toEqual(['validate-asyncapi', 'event-flow']);
    expect(uses('A.6')).toEqual(['validate-k8s', 'service-mesh']);
    expect(uses('E.4')).toEqual(['service-mesh']);
    expect(tree.read('shopflow/PLAN.md', 'utf-8')).toMatch(/^# Implementation Plan: shopflow microservices\n/);
  });

  it('decides every item: a check, or unprovable with the reason (no bare item holds the units after it)', () => {
    const plan = parse(tree.read('shopflow/plan.yaml', 'utf-8')!);
    type Item = { id: string; checks?: { uses: string }[]; unprovable?: string };
    const items: Item[] = [
      ...plan.phases.flatMap((p: { tasks: { items: Item[] }[] }) => p.tasks.flatMap((t) => t.items)),
      ...plan.integrationPoints.flatMap((ip: { items: Item[] }) => ip.items),
      ...plan.successCriteria,
    ];
    expect(items.filter((i) => !(i.checks ?? []).length && !i.unprovable).map((i) => i.id)).toEqual([]);
    const checked = (id: string) => items.find((i) => i.id === id)!.checks!.map((c) => c.uses);
    expect(checked('A.4')).toEqual(['contract-test', 'contract-test', 'contract-test']);
    expect(checked('D.4')).toEqual(['realm-scopes', 'realm-scopes', 'realm-scopes']);
    expect(items.find((i) => i.id === 'B.5')!.unprovable).toMatch(/no OpenTelemetry SDK/);
  });

  it('the contracts name the realm the compose stack imports', () => {
    const realm = JSON.parse(tree.read('shopflow/infra/keycloak/realm.json', 'utf-8')!);
    expect(realm.realm).toBe('shopflow');
    for (const s of ['orders', 'payments', 'inventory'])
      expect(tree.read(`shopflow/contracts/${s}/openapi.yaml`, 'utf-8')).toContain('http://localhost:8080/realms/shopflow/');
  });

  it('writes every artifact of every service', () => {
    for (const s of ['orders', 'payments', 'inventory']) {
      for (const f of [
        `contracts/${s}/openapi.yaml`,
        `services/${s}/src/app.ts`,
        `services/${s}/Dockerfile`,
        `deploy/k8s/${s}/peer-authentication.yaml`,
        `.github/workflows/${s}.yml`,
        `mocks/${s}/start.sh`,
      ])
        expect(tree.exists(`shopflow/${f}`)).toBe(true);
    }
    for (const f of [
      'contracts/events/asyncapi.yaml',
      'contracts/services.yaml',
      'docker-compose.yml',
      'infra/terraform/main.tf',
      'deploy/k8s/platform/gateway.yaml',
      // What docker-compose.yml mounts.
      'infra/gateway/kong.yml',
      'infra/keycloak/realm.json',
    ])
      expect(tree.exists(`shopflow/${f}`)).toBe(true);
    expect(tree.exists('shopflow/services/orders/test/resilience-payments.test.ts')).toBe(true);
  });

  it('re-running changes nothing; --addService extends every artifact and keeps a user edit', async () => {
    const before = tree.read('shopflow/plan.yaml', 'utf-8');
    await generate(tree, { name: 'shopflow' });
    expect(tree.read('shopflow/plan.yaml', 'utf-8')).toBe(before);

    const edited = tree.read('shopflow/deploy/k8s/orders/hpa.yaml', 'utf-8')!.replace('maxReplicas: 10', 'maxReplicas: 12');
    tree.write('shopflow/deploy/k8s/orders/hpa.yaml', edited);
    await generate(tree, { name: 'shopflow', addService: 'shipping' });
    const plan = parse(tree.read('shopflow/plan.yaml', 'utf-8')!);
    expect(plan.variables.services).toBe('orders,payments,inventory,shipping');
    expect(tree.exists('shopflow/services/shipping/src/app.ts')).toBe(true);
    expect(tree.exists('shopflow/deploy/k8s/shipping/deployment.yaml')).toBe(true);
    expect(tree.exists('shopflow/services/orders/src/clients/shipping.ts')).toBe(true);
    expect(tree.read('shopflow/contracts/services.yaml', 'utf-8')).toContain('shipping:');
    expect(tree.read('shopflow/contracts/events/asyncapi.yaml', 'utf-8')).toContain('shipping.receive.order-placed');
    expect(tree.read('shopflow/deploy/k8s/orders/hpa.yaml', 'utf-8')).toBe(edited);
  });

  it('refuses bad names naming the option, and --addService without a plan', async () => {
    const empty = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    await expect(generate(empty, { name: 'shop', services: 'orders,Pay ments' })).rejects.toThrow(/--services "Pay ments"/);
    await expect(generate(empty, { name: 'shop', services: 'orders,postgres' })).rejects.toThrow(/the platform uses this name/);
    await expect(generate(empty, { name: 'shop', addService: 'x' })).rejects.toThrow(/needs an existing plan/);
    expect(empty.exists('shop/plan.yaml')).toBe(false);
  });
});
