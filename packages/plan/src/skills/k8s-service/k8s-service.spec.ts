import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { check as validateK8s } from '../../checks/validate-k8s/validate-k8s';
import { meshPlatformDefaults, renderK8s } from './k8s-service';

const platform = meshPlatformDefaults('shopflow');
const services = [
  { name: 'orders', port: 3001, publicPaths: ['/orders'], callers: [] },
  { name: 'payments', port: 3002, publicPaths: ['/payments', '/refunds'], callers: ['orders'] },
  { name: 'inventory', port: 3003, publicPaths: [], callers: ['orders'] },
];

describe('k8s-service skill', () => {
  const files = renderK8s(platform, services);

  it('writes the nine manifests of every service and the platform files', () => {
    expect([...files.keys()].filter((p) => p.startsWith('deploy/k8s/payments/')).sort()).toEqual(
      [
        'deployment.yaml',
        'destination-rule.yaml',
        'hpa.yaml',
        'http-routes.yaml',
        'network-policy.yaml',
        'peer-authentication.yaml',
        'pod-disruption-budget.yaml',
        'service.yaml',
        'virtual-service.yaml',
      ].map((f) => `deploy/k8s/payments/${f}`),
    );
    expect([...files.keys()].filter((p) => p.startsWith('deploy/k8s/platform/')).sort()).toEqual([
      'deploy/k8s/platform/gateway.yaml',
      'deploy/k8s/platform/namespace.yaml',
      'deploy/k8s/platform/peer-authentication.yaml',
    ]);
  });

  it('one HTTPRoute per public path, none for a service without one', () => {
    const kinds = (p: string) =>
      parseAllDocuments(files.get(p)!).map((d) => (d.toJS() as { metadata?: { name: string } } | null)?.metadata?.name);
    expect(kinds('deploy/k8s/payments/http-routes.yaml')).toEqual(['payments-payments', 'payments-refunds']);
    expect(kinds('deploy/k8s/inventory/http-routes.yaml')).toEqual([undefined]);
  });

  it('lets only its callers reach a service', () => {
    expect(files.get('deploy/k8s/payments/network-policy.yaml')).toContain('app: orders');
    expect(files.get('deploy/k8s/orders/network-policy.yaml')).not.toContain('podSelector:\n            matchLabels:\n              app:');
  });

  it('passes validate-k8s (API schemas, unknown fields, selectors) with no finding at all', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8s-skill-'));
    try {
      for (const [p, c] of files) {
        mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        writeFileSync(path.join(dir, p), c);
      }
      const result = await validateK8s.run([...files.keys()], {}, { cwd: dir });
      expect(result.findings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
