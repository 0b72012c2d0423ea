import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ids, PlanItems, type ItemRow } from './utils/plan-items';
import { Workspace } from './utils/workspace';

/**
 * Issue 16 acceptance with the real nx CLI and the packed plugin, in ONE workspace:
 * `nx g plan:microservices shopflow`, then ONE `nx run-many -t verify` (nothing attested) runs every
 * item's checks (the services' own tests, contract tests against the services and their Prism
 * mocks, Pact consumer tests, the mesh and event-flow cross-checks, Keycloak realm, Terraform,
 * compose, workflows, Dockerfiles): every item with a check is verified, the unprovable rest is
 * unproven and blocks nothing; then `nx affected -t verify` after a change in services/payments/src;
 * then the five mutations, each failing exactly its item at the file (and line).
 */
const PLAN = 'shopflow';

interface PlanItem {
  id: string;
  checks?: { uses: string; with?: { paths?: string[] } }[];
  files?: { path: string }[];
  inputs?: string[];
  unprovable?: string;
}
interface PlanUnit {
  key: string;
  items: PlanItem[];
}

/** Tasks of an nx run: executed, or read from the cache (nx prints "[local cache]" / "[existing outputs match the cache…]"). */
function tasksOf(output: string): { executed: string[]; cached: string[] } {
  const executed = new Set<string>();
  const cached = new Set<string>();
  for (const match of output.matchAll(/nx run [\w-]+:([\w-]+)([^\n]*)/g)) (/cache/.test(match[2]) ? cached : executed).add(match[1]);
  for (const key of cached) executed.delete(key);
  return { executed: [...executed].sort(), cached: [...cached].sort() };
}

describe('nx g plan:microservices (packed plugin, real nx)', () => {
  let ws: Workspace;
  let plan: PlanItems;
  /** The plan's units (streams, integration points, success criteria) as plan.yaml writes them. */
  const units = (): PlanUnit[] => {
    const doc = parse(ws.read(`${PLAN}/plan.yaml`));
    return [
      ...doc.phases.flatMap((p: { tasks: PlanUnit[] }) => p.tasks),
      ...doc.integrationPoints.map((ip: { id: string; items: PlanItem[] }) => ({ key: `integration-${ip.id}`, items: ip.items })),
      { key: 'success', items: doc.successCriteria },
    ];
  };
  const finding = (failed: ItemRow[], id: string) => failed.find((i) => i.id === id)?.firstFinding;

  beforeAll(() => {
    ws = Workspace.create('microservices');
    plan = new PlanItems(ws, PLAN, { verify: (w) => w.nx('run-many', '-t', 'verify', '--outputStyle=static') });
    const gen = ws.nx('g', 'plan:microservices', PLAN, '--no-interactive');
    if (gen.code !== 0) throw new Error(`generator failed:\n${gen.output}`);
    ws.commit('generate shopflow');
  });

  it('generates Template 6 with contracts, services, mocks, events, Pact tests, mesh, platform and CI; a re-run changes nothing', () => {
    for (const relative of [
      'plan.yaml',
      'PLAN.md',
      'contracts/services.yaml',
      'contracts/events/asyncapi.yaml',
      'contracts/payments/openapi.yaml',
      'mocks/payments/start.sh',
      'services/payments/src/app.ts',
      'services/payments/src/events.ts',
      'services/orders/src/clients/payments.ts',
      'services/orders/test/resilience-payments.test.ts',
      'services/orders/tests/contract/payments/orders.pact.test.mjs',
      'deploy/k8s/payments/peer-authentication.yaml',
      'deploy/k8s/payments/http-routes.yaml',
      'deploy/k8s/platform/gateway.yaml',
      'docker-compose.yml',
      'infra/gateway/kong.yml',
      'infra/keycloak/realm.json',
      'infra/terraform/main.tf',
      '.github/workflows/payments.yml',
    ])
      expect(readFileSync(plan.file(relative), 'utf8').length).toBeGreaterThan(0);
    const again = ws.nx('g', 'plan:microservices', PLAN, '--no-interactive');
    expect(again.code).toBe(0);
    expect(ws.sh('git', ['status', '--porcelain'])).toBe('');
  });

  it('one run-many -t verify, nothing attested: every item with a check verified, the rest unproven, nothing blocked', () => {
    const run = plan.verify();
    const withChecks = new Set(units().flatMap((u) => u.items.filter((i) => (i.checks ?? []).length > 0).map((i) => i.id)));
    const all = plan.items();
    const by = (status: string) => ids(all.filter((i) => i.status === status));
    expect(by('failed')).toEqual([]);
    expect(by('blocked')).toEqual([]);
    expect(by('verified')).toEqual([...withChecks].sort());
    expect(by('unproven')).toEqual(ids(all.filter((i) => !withChecks.has(i.id))));
    expect(by('unproven')).toEqual(expect.arrayContaining(['B.5', 'B.6', 'C.4', 'D.1', 'success.1']));
    // The plan-level verify target is a gate: it fails while anything awaits attestation.
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/attest/);
    console.log(
      `run-many -t verify: ${by('verified').length} items verified, ${by('unproven').length} unproven (awaiting attestation), exit ${run.code}`,
    );
  });

  it('nx affected -t verify after a change inside services/payments/src runs the units whose checks read it (and what follows them); the rest comes from cache', () => {
    plan.edit('services/payments/src/events.ts', (t) => `${t}\n// payments changed\n`);
    const run = ws.nx('affected', '-t', 'verify', '--base=HEAD', '--outputStyle=static');
    const { executed, cached } = tasksOf(run.output);
    console.log(
      `nx affected -t verify --base=HEAD (services/payments/src/events.ts changed)\n  executed: ${executed.join(', ')}\n  from cache: ${cached.join(', ')}`,
    );
    // Units with an item that reads payments' sources: its files, inputs or check paths reach services/payments/src.
    const readsPayments = (p: string) => 'services/payments/src/events.ts'.startsWith(p.replace(/^\.\//, ''));
    const direct = units()
      .filter((u) =>
        u.items.some((i) =>
          [...(i.files ?? []).map((f) => f.path), ...(i.inputs ?? []), ...(i.checks ?? []).flatMap((c) => c.with?.paths ?? [])].some(
            readsPayments,
          ),
        ),
      )
      .map((u) => u.key);
    expect(direct).toEqual(expect.arrayContaining(['inter-service-api-contracts', 'core-business-services', 'integration-2']));
    // Nx's task graph: a unit re-runs when a unit it depends on produced a new result.
    const project = JSON.parse(ws.nx('show', 'project', PLAN, '--json').stdout) as {
      targets: Record<string, { dependsOn?: (string | { target: string })[] }>;
    };
    const reached = new Set(direct);
    for (let grew = true; grew;) {
      grew = false;
      for (const [key, target] of Object.entries(project.targets))
        if (!reached.has(key) && key !== 'verify' && !key.startsWith('phase-'))
          if ((target.dependsOn ?? []).some((d) => reached.has(typeof d === 'string' ? d : d.target))) grew = reached.add(key).size > 0;
    }
    const allowed = new Set([...reached, 'verify']);
    for (const key of direct) expect(executed).toContain(key);
    expect(executed.filter((key) => !allowed.has(key) && !key.startsWith('phase-'))).toEqual([]);
    // The platform and shared-services streams read nothing of payments' code: from cache.
    expect(cached).toEqual(expect.arrayContaining(['platform-infrastructure', 'shared-services-data']));
    expect(ids(plan.items().filter((i) => i.status === 'failed'))).toEqual([]);
    plan.restore();
  });

  it('an event consumed that nobody produces, a Service selector typo and an HTTPRoute to a missing Service each fail only their item', () => {
    const failed = plan.failedAfter(() => {
      plan.edit('contracts/events/asyncapi.yaml', (t) =>
        t
          .replace('\nchannels:\n', '\nchannels:\n  refund-issued:\n    address: shopflow.refund-issued\n')
          .replace(
            '\noperations:\n',
            '\noperations:\n  payments.receive.refund-issued:\n    action: receive\n    channel:\n      $ref: "#/channels/refund-issued"\n    x-service: payments\n',
          ),
      );
      plan.edit('deploy/k8s/payments/service.yaml', (t) => t.replace('selector:\n    app: payments', 'selector:\n    app: paymnets'));
      plan.edit('deploy/k8s/payments/http-routes.yaml', (t) => t.replace('- name: payments\n', '- name: payment\n'));
    });
    expect(ids(failed)).toEqual(['A.3', 'A.6', 'B.3']);
    expect(finding(failed, 'A.3')).toMatchObject({
      file: expect.stringContaining('contracts/events/asyncapi.yaml'),
      rule: 'flow/consumed-without-producer',
    });
    expect(finding(failed, 'A.3')!.message).toContain('"refund-issued" is consumed by payments');
    expect(finding(failed, 'A.6')).toMatchObject({ file: expect.stringContaining('deploy/k8s/payments/service.yaml'), line: 11 });
    expect(finding(failed, 'B.3')).toMatchObject({
      file: expect.stringContaining('deploy/k8s/payments/http-routes.yaml'),
      rule: 'mesh/route-backend-missing',
      line: 17,
    });
  });

  it('a consumer expecting a field the provider does not return (Pact) and PeerAuthentication PERMISSIVE each fail only their item', () => {
    const failed = plan.failedAfter(() => {
      plan.edit('services/orders/tests/contract/payments/orders.pact.test.mjs', (t) =>
        t.replace(/body: like\(\{/, 'body: like({"discountCode":"SPRING",'),
      );
      plan.edit('deploy/k8s/orders/peer-authentication.yaml', (t) => t.replace('mode: STRICT', 'mode: PERMISSIVE'));
    });
    expect(ids(failed)).toEqual(['E.4', 'H.1']);
    expect(finding(failed, 'H.1')).toMatchObject({ rule: 'pact/field-not-in-contract' });
    expect(finding(failed, 'H.1')!.message).toContain('discountCode');
    expect(finding(failed, 'E.4')).toMatchObject({
      file: expect.stringContaining('deploy/k8s/orders/peer-authentication.yaml'),
      rule: 'mesh/mtls-not-strict',
      line: 12,
    });
  });

  it('after the mutations, the restored workspace verifies as before (from cache)', () => {
    plan.verify();
    expect(ids(plan.items().filter((i) => i.status === 'failed' || i.status === 'blocked'))).toEqual([]);
  });
});
