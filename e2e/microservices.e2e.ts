import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Workspace } from './utils/workspace';

/**
 * Issue 16 acceptance with the real nx CLI and the packed plugin, in ONE workspace:
 * `nx g plan:microservices shopflow`, then `nx run-many -t verify` runs every item's checks (the
 * services' own tests, contract tests against the running services, Pact consumer tests, the
 * mesh and event-flow cross-checks, Terraform, compose, workflows, Dockerfiles); then
 * `nx affected -t verify` after a change in services/payments/src; then five mutations, each
 * failing exactly its item at the file (and line).
 */
interface ItemRow {
  id: string;
  status: string;
  firstFinding?: { file: string; line?: number; message: string; rule: string };
}
interface Row {
  key: string;
  kind: string;
  status: string;
  items: ItemRow[];
}

const PLAN = 'shopflow';
/** Items no machine proves here that the streams with checks depend on (Stream A and B): attested, as a team would. */
const ATTESTED = [
  ['inter-service-api-contracts', 'A.4'],
  ['platform-infrastructure', 'B.5'],
  ['platform-infrastructure', 'B.6'],
];

describe('nx g plan:microservices (packed plugin, real nx)', () => {
  let ws: Workspace;
  const file = (relative: string) => path.join(ws.root, PLAN, relative);
  const edit = (relative: string, change: (text: string) => string) => {
    const before = readFileSync(file(relative), 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`mutation of ${relative} changed nothing`);
    writeFileSync(file(relative), after);
  };
  const restore = () => ws.sh('git', ['checkout', '--', '.']);
  const rows = (): Row[] => {
    const run = ws.plan('status', PLAN, '--json');
    if (run.code !== 0 && run.code !== 1) throw new Error(`plan status failed:\n${run.output}`);
    return JSON.parse(run.stdout).rows as Row[];
  };
  const items = () => rows().flatMap((r) => r.items);
  const failedAfter = (mutate: () => void): ItemRow[] => {
    mutate();
    const run = ws.nx('run-many', '-t', 'verify');
    expect(run.code).not.toBe(0);
    const failed = items().filter((i) => i.status === 'failed');
    restore();
    return failed;
  };

  beforeAll(() => {
    ws = Workspace.create('microservices');
    const gen = ws.nx('g', 'plan:microservices', PLAN, '--no-interactive');
    if (gen.code !== 0) throw new Error(`generator failed:\n${gen.output}`);
    ws.commit('generate shopflow');
  });

  it('generates Template 6 with contracts, services, events, Pact tests, mesh, platform and CI; a re-run changes nothing', () => {
    for (const relative of [
      'plan.yaml',
      'PLAN.md',
      'contracts/services.yaml',
      'contracts/events/asyncapi.yaml',
      'contracts/payments/openapi.yaml',
      'services/payments/src/app.ts',
      'services/payments/src/events.ts',
      'services/orders/src/clients/payments.ts',
      'services/orders/test/resilience-payments.test.ts',
      'services/orders/tests/contract/payments/orders.pact.test.mjs',
      'deploy/k8s/payments/peer-authentication.yaml',
      'deploy/k8s/payments/http-routes.yaml',
      'deploy/k8s/platform/gateway.yaml',
      'docker-compose.yml',
      'infra/terraform/main.tf',
      '.github/workflows/payments.yml',
    ])
      expect(readFileSync(file(relative), 'utf8').length).toBeGreaterThan(0);
    const again = ws.nx('g', 'plan:microservices', PLAN, '--no-interactive');
    expect(again.code).toBe(0);
    expect(ws.sh('git', ['status', '--porcelain'])).toBe('');
  });

  it('verifies every item with a check once the unprovable platform items are attested; the rest stay unproven', () => {
    ws.nx('run-many', '-t', 'verify');
    const first = items();
    // Before attestation the streams after A and B are blocked: an unproven item holds its stream.
    expect(first.filter((i) => i.status === 'failed')).toEqual([]);
    for (const [unit, item] of ATTESTED) {
      const attest = ws.plan('attest', PLAN, unit, '--item', item, '--by', 'e2e', '--note', 'platform decision, reviewed');
      expect(attest.output).not.toMatch(/error/i);
    }
    ws.commit('attest platform items');
    ws.nx('run-many', '-t', 'verify');
    const plan = parse(ws.read(`${PLAN}/plan.yaml`));
    const withChecks = new Set<string>();
    for (const phase of plan.phases)
      for (const t of phase.tasks) for (const i of t.items) if ((i.checks ?? []).length) withChecks.add(i.id);
    const all = items();
    const status = (id: string) => all.find((i) => i.id === id)?.status;
    const notVerified = [...withChecks].filter((id) => status(id) !== 'verified').map((id) => `${id}:${status(id)}`);
    expect(notVerified).toEqual([]);
    expect(all.filter((i) => i.status === 'failed')).toEqual([]);
    const unproven = all.filter((i) => i.status === 'unproven').map((i) => i.id);
    expect(unproven).toContain('D.1');
    expect(unproven).toContain('C.4');
    expect(unproven.filter((id) => withChecks.has(id))).toEqual([]);
  });

  it('nx affected -t verify after a change inside services/payments/src runs payments’ items and the cross-service checks that read it', () => {
    edit('services/payments/src/events.ts', (t) => `${t}\n// a comment: payments changed\n`);
    // The task graph nx would run (written, not run), then the run itself.
    const graphFile = path.join(ws.root, 'affected-graph.json');
    const graph = ws.nx('affected', '-t', 'verify', '--base=HEAD', `--graph=${graphFile}`);
    expect(graph.code).toBe(0);
    const tasks = Object.keys((JSON.parse(readFileSync(graphFile, 'utf8')) as { tasks: { tasks: Record<string, unknown> } }).tasks.tasks)
      .map((id) => id.replace(/^shopflow:/, ''))
      .sort();
    console.log(`nx affected -t verify --base=HEAD (services/payments/src changed) runs: ${tasks.join(', ')}`);
    expect(tasks).toContain('core-business-services');
    expect(tasks).not.toContain('platform-infrastructure');
    expect(tasks).not.toContain('ci-cd-deployment-pipeline');
    const run = ws.nx('affected', '-t', 'verify', '--base=HEAD');
    expect(items().filter((i) => i.status === 'failed')).toEqual([]);
    expect(run.output).toMatch(/Successfully ran target verify|Ran target verify|verify/);
    restore();
  });

  it('a consumer expecting a field the provider does not return fails only the Pact item, at the field of the pact', () => {
    const failed = failedAfter(() =>
      edit('services/orders/tests/contract/payments/orders.pact.test.mjs', (t) =>
        t.replace(/body: like\(\{/, 'body: like({"discountCode":"SPRING",'),
      ),
    );
    expect(failed.map((i) => i.id)).toEqual(['H.1']);
    expect(failed[0].firstFinding).toMatchObject({ rule: 'pact/field-not-in-contract' });
    expect(failed[0].firstFinding!.message).toContain('discountCode');
  });

  it('an event consumed that nobody produces fails only the event-schema item, at the consuming operation', () => {
    const failed = failedAfter(() =>
      edit('contracts/events/asyncapi.yaml', (t) =>
        t
          .replace('\nchannels:\n', '\nchannels:\n  refund-issued:\n    address: shopflow.refund-issued\n')
          .replace(
            '\noperations:\n',
            '\noperations:\n  payments.receive.refund-issued:\n    action: receive\n    channel:\n      $ref: "#/channels/refund-issued"\n    x-service: payments\n',
          ),
      ),
    );
    expect(failed.map((i) => i.id)).toEqual(['A.3']);
    expect(failed[0].firstFinding).toMatchObject({
      file: expect.stringContaining('contracts/events/asyncapi.yaml'),
      rule: 'flow/consumed-without-producer',
    });
    expect(failed[0].firstFinding!.message).toContain('"refund-issued" is consumed by payments');
  });

  it('a Service selector typo fails only the discovery item, at the selector', () => {
    const failed = failedAfter(() =>
      edit('deploy/k8s/payments/service.yaml', (t) => t.replace('selector:\n    app: payments', 'selector:\n    app: paymnets')),
    );
    expect(failed.map((i) => i.id)).toEqual(['A.6']);
    expect(failed[0].firstFinding).toMatchObject({ file: expect.stringContaining('deploy/k8s/payments/service.yaml'), line: 11 });
  });

  it('an HTTPRoute to a missing Service fails only the gateway item, at the backendRef', () => {
    const failed = failedAfter(() =>
      edit('deploy/k8s/payments/http-routes.yaml', (t) => t.replace('- name: payments\n', '- name: payment\n')),
    );
    expect(failed.map((i) => i.id)).toEqual(['B.3']);
    expect(failed[0].firstFinding).toMatchObject({
      file: expect.stringContaining('deploy/k8s/payments/http-routes.yaml'),
      rule: 'mesh/route-backend-missing',
      line: 17,
    });
  });

  it('PeerAuthentication PERMISSIVE fails only the mTLS item, at the mode', () => {
    const failed = failedAfter(() =>
      edit('deploy/k8s/orders/peer-authentication.yaml', (t) => t.replace('mode: STRICT', 'mode: PERMISSIVE')),
    );
    expect(failed.map((i) => i.id)).toEqual(['E.4']);
    expect(failed[0].firstFinding).toMatchObject({
      file: expect.stringContaining('deploy/k8s/orders/peer-authentication.yaml'),
      rule: 'mesh/mtls-not-strict',
      line: 12,
    });
  });
});
