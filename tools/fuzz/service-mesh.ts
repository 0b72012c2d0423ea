/**
 * Fuzzes service-mesh: the k8s-service skill's manifests of three services and the service catalog,
 * mutated (structure and bytes), through the real check.run() with every aspect.
 *
 *   node -r @swc-node/register tools/fuzz/service-mesh.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/service-mesh/service-mesh';
import { meshPlatformDefaults, renderK8s } from '../../packages/plan/src/skills/k8s-service/k8s-service';
import { fuzzMain, mutate } from './contracts-lib';

const files = renderK8s(meshPlatformDefaults('shop'), [
  { name: 'orders', port: 3001, publicPaths: ['/v1/orders'], callers: [] },
  { name: 'payments', port: 3002, publicPaths: ['/v1/payments', '/v1/refunds'], callers: ['orders'] },
]);
// One multi-document file per service folder keeps the inputs few and the cross-object rules busy.
const seeds = [...new Set([...files.keys()].map((p) => path.dirname(p)))].map((d) =>
  [...files]
    .filter(([p]) => path.dirname(p) === d)
    .map(([, c]) => c)
    .join('---\n'),
);
const CATALOG =
  'system: shop\nservices:\n  orders: { port: 3001, publicPaths: [/v1/orders], calls: [payments] }\n  payments: { port: 3002 }\n';
const EXTRAS = {
  mode: 'PERMISSIVE',
  selector: { app: 'ghost' },
  targetPort: 'nope',
  backendRefs: [{ name: 'ghost', port: 81 }],
  host: 'ghost.other.svc.cluster.local',
  portLevelMtls: { 8080: { mode: 'DISABLE' } },
  port: 70000,
  calls: ['nobody', 3],
  kind: 'List',
  items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: {} }],
};

void fuzzMain({
  name: 'service-mesh',
  async baseline(dir) {
    seeds.forEach((s, i) => fs.writeFileSync(path.join(dir, `m${i}.yaml`), s));
    fs.writeFileSync(path.join(dir, 'services.yaml'), CATALOG);
    return check.run(
      seeds.map((_, i) => `m${i}.yaml`),
      { services: 'services.yaml' },
      { cwd: dir },
    );
  },
  async run(dir, r) {
    const paths = seeds.map((s, i) => {
      fs.writeFileSync(path.join(dir, `m${i}.yaml`), r.rand() < 0.5 ? mutate(s, r, EXTRAS) : s);
      return `m${i}.yaml`;
    });
    fs.writeFileSync(path.join(dir, 'services.yaml'), r.rand() < 0.3 ? mutate(CATALOG, r, EXTRAS) : CATALOG);
    return check.run(paths, { services: 'services.yaml' }, { cwd: dir });
  },
});
