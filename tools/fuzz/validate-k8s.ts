/**
 * Fuzzes validate-k8s: mutated multi-document manifests (Deployments, Services, CronJobs, Lists,
 * Istio and Gateway API kinds; bytes and structure) through the real check.run(), which also
 * runs each document through the model validators behind the field-tracing Proxy.
 *
 *   node -r @swc-node/register tools/fuzz/validate-k8s.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/validate-k8s/validate-k8s';
import { fuzzMain, mutate, sharedSeeds } from './contracts-lib';

const SEED = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 1000 }
      containers:
        - name: web
          image: shop/web:1.2
          ports: [{ containerPort: 8080, protocol: TCP }]
          env: [{ name: A, value: "1" }, { name: B, valueFrom: { secretKeyRef: { name: s, key: k } } }]
          resources: { limits: { cpu: 500m, memory: 256Mi }, requests: { cpu: 100m } }
          livenessProbe: { httpGet: { path: /health, port: 8080 }, periodSeconds: 10 }
          readinessProbe: { tcpSocket: { port: 8080 } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          securityContext: { runAsNonRoot: true, runAsUser: 1000 }
          containers: [{ name: job, image: shop/job:1, resources: { limits: { cpu: "1", memory: 1Gi } } }]
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: c }
    data: { a: b }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web }
spec:
  hosts: [web]
  http: [{ route: [{ destination: { host: web, subset: v1 }, weight: 100 }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web }
spec:
  parentRefs: [{ name: gw }]
  rules: [{ backendRefs: [{ name: web, port: 80 }] }]
`;
const seeds = [SEED, ...sharedSeeds('k8s', /\.ya?ml$/)];
const EXTRAS = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  selector: { app: 'ghost' },
  items: [{ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'x' }] } }],
  securityContext: { runAsUser: 0 },
  resources: { limits: { memory: 'lots' } },
  bogusField: 1,
};

void fuzzMain({
  name: 'validate-k8s',
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, 'app.yaml'), SEED);
    return check.run(['app.yaml'], {}, { cwd: dir });
  },
  async run(dir, r) {
    fs.writeFileSync(path.join(dir, 'app.yaml'), mutate(r.pick(seeds), r, EXTRAS));
    const paths = ['app.yaml'];
    if (r.rand() < 0.3) {
      fs.writeFileSync(path.join(dir, 'more.yaml'), mutate(r.pick(seeds), r, EXTRAS));
      paths.push('more.yaml');
    }
    return check.run(paths, {}, { cwd: dir });
  },
});
