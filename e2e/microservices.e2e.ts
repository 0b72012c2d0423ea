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

/**
 * Tasks of an nx run: executed, or read from the cache (nx prints "[local cache]" / "[existing outputs match the cache…]").
 * Item targets are named `<unit>.<item id>` (itemTargets: true).
 */
function tasksOf(output: string): { executed: string[]; cached: string[] } {
  const executed = new Set<string>();
  const cached = new Set<string>();
  for (const match of output.matchAll(/nx run [\w-]+:([\w.-]+)([^\n]*)/g)) (/cache/.test(match[2]) ? cached : executed).add(match[1]);
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

  it("nx affected -t verify after a change inside services/payments/src runs payments' item, the items whose checks read every service, and the gates after them; the rest comes from cache", () => {
    const changed = 'services/payments/src/events.ts';
    plan.edit(changed, (t) => `${t}\n// payments changed\n`);
    const run = ws.nx('affected', '-t', 'verify', '--base=HEAD', '--outputStyle=static');
    const { executed, cached } = tasksOf(run.output);
    console.log(
      `nx affected -t verify --base=HEAD (${changed} changed)\n  executed: ${executed.join(', ')}\n  from cache: ${cached.join(', ')}`,
    );
    // What Nx hashes: each target's file inputs ({projectRoot}/a/b or {projectRoot}/a/**/*) and, for
    // the units and gates, the recorded results of the targets they depend on.
    type Target = { dependsOn?: (string | { target: string })[]; inputs?: (string | Record<string, unknown>)[] };
    const targets = (JSON.parse(ws.nx('show', 'project', PLAN, '--json').stdout) as { targets: Record<string, Target> }).targets;
    const deps = (t: Target) => (t.dependsOn ?? []).map((d) => (typeof d === 'string' ? d : d.target));
    const reads = (t: Target) =>
      (t.inputs ?? []).some((i) => {
        if (typeof i !== 'string' || !i.startsWith('{projectRoot}/')) return false;
        const pattern = i.slice('{projectRoot}/'.length).replace(/\\(.)/g, '$1');
        return pattern.endsWith('**/*') ? changed.startsWith(pattern.slice(0, -'**/*'.length)) : changed === pattern;
      });
    const hashesResults = (t: Target) => (t.inputs ?? []).some((i) => typeof i === 'object' && 'dependentTasksOutputFiles' in i);
    const direct = Object.keys(targets).filter((k) => reads(targets[k]));
    // payments' own item and the cross-service checks (event-flow over services/) are among them; orders' and inventory's items are not.
    expect(direct).toEqual(
      expect.arrayContaining(['core-business-services.E.2', 'inter-service-api-contracts.A.3', 'integration-2.1', 'verify']),
    );
    expect(direct).not.toContain('core-business-services.E.1');
    expect(direct).not.toContain('core-business-services.E.3');
    // After them: the targets that hash the results of one that re-ran, among what verify depends on.
    const underVerify = new Set<string>();
    const visit = (k: string): void => void (underVerify.has(k) || (underVerify.add(k), deps(targets[k]).forEach(visit)));
    visit('verify');
    const expected = new Set(direct.filter((k) => underVerify.has(k)));
    for (let grew = true; grew;) {
      grew = false;
      for (const k of underVerify)
        if (!expected.has(k) && hashesResults(targets[k]) && deps(targets[k]).some((d) => expected.has(d))) grew = expected.add(k).size > 0;
    }
    // Item targets hash no results: no item re-runs unless it reads the change.
    expect([...expected].filter((k) => k.includes('.')).sort()).toEqual(direct.filter((k) => k.includes('.')).sort());
    expect(executed).toEqual([...expected].sort());
    const items = Object.keys(targets).filter((k) => k.includes('.'));
    expect(cached).toEqual(
      expect.arrayContaining([
        'platform-infrastructure',
        'shared-services-data',
        'core-business-services.E.1',
        'core-business-services.E.3',
        ...items.filter((k) => !direct.includes(k)),
      ]),
    );
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
