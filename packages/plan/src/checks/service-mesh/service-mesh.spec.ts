import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { meshPlatformDefaults, renderK8s } from '../../skills/k8s-service/k8s-service';
import { check } from './service-mesh';

/** The k8s-service skill's manifests of three services are the sound set; each test mutates one file. */
const dir = mkdtempSync(path.join(tmpdir(), 'service-mesh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const services = [
  { name: 'orders', port: 3001, publicPaths: ['/orders'], callers: [] },
  { name: 'payments', port: 3002, publicPaths: ['/payments'], callers: ['orders'] },
  { name: 'inventory', port: 3003, publicPaths: [], callers: ['orders'] },
];
const files = renderK8s(meshPlatformDefaults('shopflow'), services);
const CATALOG = `system: shopflow
services:
  orders: { port: 3001, publicPaths: [/orders], calls: [payments, inventory] }
  payments: { port: 3002, publicPaths: [/payments] }
  inventory: { port: 3003 }
`;
let n = 0;
/** Writes the set into a fresh folder, with `change` applied to one file; returns the folder. */
function setWith(change?: { file: string; from: string | RegExp; to: string }, catalog = CATALOG): string {
  const root = path.join(dir, `set-${n++}`);
  for (const [p, c] of files) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    let text = c;
    if (change && p === change.file) {
      text = c.replace(change.from, change.to);
      expect(text).not.toEqual(c);
    }
    writeFileSync(path.join(root, p), text);
  }
  writeFileSync(path.join(root, 'services.yaml'), catalog);
  return root;
}
const run = (root: string, aspects?: ('discovery' | 'routes' | 'traffic' | 'mtls')[]) =>
  check.run([...files.keys()], { services: 'services.yaml', aspects }, { cwd: root });
const brief = (r: { findings: { rule: string; file: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`);

describe('service-mesh', () => {
  it('passes the skill’s manifests with every aspect', async () => {
    const r = await run(setWith());
    expect(r.findings).toEqual([]);
    expect(r.metadata).toMatchObject({ services: 3, deployments: 3, routes: 2, peerAuthentications: 4 });
  });

  it('a Service selector typo: service-selects-nothing at the selector, naming the Deployment’s labels', async () => {
    const r = await run(
      setWith({ file: 'deploy/k8s/payments/service.yaml', from: 'selector:\n    app: payments', to: 'selector:\n    app: paymnets' }),
    );
    expect(brief(r)).toEqual(['mesh/service-selects-nothing deploy/k8s/payments/service.yaml:11:5']);
    expect(r.findings[0].message).toContain('Deployment "payments" labels its pods app=payments');
  });

  it('a port that disagrees with the catalog, at the containerPort and at PORT', async () => {
    const r = await run(setWith(undefined, CATALOG.replace('port: 3002', 'port: 4002')), ['discovery']);
    expect(brief(r)).toEqual([
      'mesh/config-port deploy/k8s/payments/deployment.yaml:33:30',
      'mesh/config-port deploy/k8s/payments/deployment.yaml:36:22',
    ]);
  });

  it('a targetPort no container opens', async () => {
    const r = await run(setWith({ file: 'deploy/k8s/orders/service.yaml', from: 'targetPort: http', to: 'targetPort: 8080' }));
    expect(brief(r)).toEqual(['mesh/target-port deploy/k8s/orders/service.yaml:15:19']);
  });

  it('a catalog service without manifests', async () => {
    const r = await run(setWith(undefined, CATALOG + '  search: { port: 3004 }\n'), ['discovery']);
    expect(brief(r)).toEqual(['mesh/catalog-service-undeployed services.yaml:6:3']);
  });

  it('an HTTPRoute to a missing Service: route-backend-missing at the backendRef, only in the routes aspect', async () => {
    const root = setWith({ file: 'deploy/k8s/payments/http-routes.yaml', from: '- name: payments\n', to: '- name: payment\n' });
    const r = await run(root);
    expect(brief(r)).toEqual(['mesh/route-backend-missing deploy/k8s/payments/http-routes.yaml:17:17']);
    expect((await run(root, ['discovery', 'traffic', 'mtls'])).findings).toEqual([]);
  });

  it('PeerAuthentication PERMISSIVE: mtls-not-strict at the mode, only in the mtls aspect', async () => {
    const root = setWith({ file: 'deploy/k8s/orders/peer-authentication.yaml', from: 'mode: STRICT', to: 'mode: PERMISSIVE' });
    const r = await run(root);
    expect(brief(r)).toEqual(['mesh/mtls-not-strict deploy/k8s/orders/peer-authentication.yaml:12:11']);
    expect((await run(root, ['discovery', 'routes', 'traffic'])).findings).toEqual([]);
  });

  it('workloads no PeerAuthentication covers, and client TLS turned off', async () => {
    const root = setWith({ file: 'deploy/k8s/platform/peer-authentication.yaml', from: 'namespace: shopflow', to: 'namespace: elsewhere' });
    rmSync(path.join(root, 'deploy/k8s/inventory/peer-authentication.yaml'));
    writeFileSync(path.join(root, 'deploy/k8s/inventory/peer-authentication.yaml'), '# removed\n');
    const r = await run(root, ['mtls']);
    expect(brief(r)).toEqual(['mesh/mtls-missing deploy/k8s/inventory/deployment.yaml:5:9']);
    const off = await run(setWith({ file: 'deploy/k8s/orders/destination-rule.yaml', from: 'mode: ISTIO_MUTUAL', to: 'mode: DISABLE' }), [
      'mtls',
    ]);
    expect(brief(off)).toEqual(['mesh/mtls-client-disabled deploy/k8s/orders/destination-rule.yaml:11:13']);
  });

  it('traffic: a VirtualService to a missing host, a DestinationRule without outlier detection', async () => {
    const vs = await run(setWith({ file: 'deploy/k8s/orders/virtual-service.yaml', from: 'host: orders', to: 'host: order' }), ['traffic']);
    expect(brief(vs)).toEqual(['mesh/virtual-service-host deploy/k8s/orders/virtual-service.yaml:13:19']);
    const dr = await run(setWith({ file: 'deploy/k8s/orders/destination-rule.yaml', from: /    outlierDetection:[\s\S]*$/, to: '' }), [
      'traffic',
    ]);
    expect(brief(dr)).toEqual(['mesh/outlier-detection deploy/k8s/orders/destination-rule.yaml:8:3']);
  });

  it('unreadable and broken inputs are findings, never crashes', async () => {
    const root = setWith();
    writeFileSync(path.join(root, 'bad.yaml'), 'kind: [\n');
    const r = await check.run(['bad.yaml', 'missing.yaml'], {}, { cwd: root });
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['mesh/not-found', 'mesh/yaml-syntax']);
  });
});
