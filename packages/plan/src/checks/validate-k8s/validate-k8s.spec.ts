import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeWithSharedFixtures, sharedFixturesDir } from '../../testing/shared-fixtures';
import { check } from './validate-k8s';

const dir = mkdtempSync(path.join(tmpdir(), 'validate-k8s-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), name);
const brief = (r: { findings: { rule: string; line?: number; column?: number }[] }) =>
  r.findings.map((f) => `${f.rule}@${f.line}:${f.column}`);

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web, tier: front }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 1000 }
      containers:
        - name: web
          image: shop/web:1.2
          ports: [{ containerPort: 8080 }]
          resources:
            limits: { cpu: 500m, memory: 256Mi }
          livenessProbe: { httpGet: { path: /health, port: 8080 } }
          readinessProbe: { httpGet: { path: /health, port: 8080 } }
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs: [{ name: gw }]
  rules:
    - backendRefs: [{ name: web, port: 80 }]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: web
spec:
  hosts: [web]
  http:
    - route:
        - destination: { host: web }
`;

describe('validate-k8s', () => {
  it('passes a sound set and says which model judged each document', async () => {
    const r = await check.run([write('app.yaml', APP)], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect((r.metadata as { documents: { kind: string; model: string }[] }).documents.map((d) => d.model)).toEqual([
      'kubernetes-models@4.5.1 apps/v1 Deployment',
      'kubernetes-models@4.5.1 v1 Service',
      '@kubernetes-models/gateway-api@0.5.1 gateway.networking.k8s.io/v1 HTTPRoute',
      '@kubernetes-models/istio@2.3.0 networking.istio.io/v1beta1 VirtualService',
    ]);
  });

  it('flags a Service that selects no pod of the set, at its selector', async () => {
    const r = await check.run(
      [write('svc.yaml', APP.replace('selector: { app: web }\n  ports', 'selector: { app: webb }\n  ports'))],
      {},
      { cwd: dir },
    );
    expect(brief(r)).toEqual(['k8s/service-selects-nothing@29:13']);
    expect(r.findings[0].message).toContain('app=webb');
  });

  it('warns when a Service has no workload in the set to be checked against', async () => {
    const service = APP.split('---\n')[1];
    const r = await check.run([write('only-svc.yaml', service)], {}, { cwd: dir });
    expect(brief(r)).toEqual(['k8s/service-selector-unchecked@6:13']);
    expect(r.ok).toBe(true);
  });

  it('reports schema errors and unknown fields at their node, Istio and Gateway API included', async () => {
    const text = APP.replace('replicas: 2', 'replicas: two')
      .replace('          image: shop/web:1.2', '          image: shop/web:1.2\n          imagePullPolcy: Always')
      .replace('limits: { cpu: 500m, memory: 256Mi }', 'limits: { cpu: 500m, memory: lots }')
      .replace('    - backendRefs: [{ name: web, port: 80 }]', '    - backendRefs: [{ name: web, port: 80, weigth: 1 }]')
      .replace('        - destination: { host: web }', '        - destination: { host: web }\n          weight: heavy');
    const r = await check.run([write('bad.yaml', text)], {}, { cwd: dir });
    expect(brief(r)).toEqual([
      'k8s/schema@7:13',
      'k8s/unknown-field@18:11',
      'k8s/schema@21:42',
      'k8s/unknown-field@40:44',
      'k8s/schema@51:19',
    ]);
    expect(r.findings[1].message).toContain('spec.template.spec.containers[0].imagePullPolcy: unknown field "imagePullPolcy"');
    expect(r.findings[2].message).toContain('must match format "quantity"');
  });

  it('warns about missing limits, probes and non-root context, and rejects mismatched selectors', async () => {
    const text = APP.replace('      securityContext: { runAsNonRoot: true, runAsUser: 1000 }\n', '')
      .replace(/          resources:\n.*\n/, '')
      .replace(/          livenessProbe.*\n/, '')
      .replace('matchLabels: { app: web }', 'matchLabels: { app: api }');
    const r = await check.run([write('hygiene.yaml', text)], {}, { cwd: dir });
    expect(r.findings.map((f) => `${f.severity} ${f.rule}`)).toEqual([
      'error k8s/selector-mismatch',
      'warning k8s/resources',
      'warning k8s/probes',
      'warning k8s/security-context',
    ]);
  });

  it('names unknown kinds, objects without a type, and lists', async () => {
    const text = `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n---\nkind: Service\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: c }\n    data: { a: b }\n    bogus: 1\n`;
    const r = await check.run([write('misc.yaml', text)], {}, { cwd: dir });
    expect(brief(r)).toEqual(['k8s/unknown-kind@2:7', 'k8s/missing-type@5:1', 'k8s/unknown-field@14:5']);
    expect(r.findings[0].severity).toBe('warning');
    expect(r.findings[0].message).toContain('example.com/v1 Widget');
  });

  it('reports YAML syntax errors and missing files', async () => {
    const r = await check.run([write('syntax.yaml', 'kind: [\n'), 'missing.yaml'], {}, { cwd: dir });
    expect(r.findings.map((f) => f.rule)).toEqual(['k8s/not-found', 'k8s/yaml-syntax']);
  });
});

describeWithSharedFixtures('validate-k8s conformance: ../shared/fixtures/contracts/k8s', () => {
  const folder = path.join(sharedFixturesDir() ?? '', 'contracts', 'k8s');
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.yaml')) : [];

  // Kubernetes' and Istio's own examples apply cleanly: no schema error, no unknown field.
  it.each(files)('%s: valid per the API schema of its kinds', async (file) => {
    const r = await check.run([file], {}, { cwd: folder });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const models = (r.metadata as { documents: { model: string | null }[] }).documents.map((d) => d.model);
    expect(models.every((m) => typeof m === 'string')).toBe(true);
  });

  it('the TensorFlow Service selects the Deployment beside it; a changed label selects nothing', async () => {
    const pair = files.filter((f) => f.includes('model-serving-tensorflow'));
    expect((await check.run(pair, {}, { cwd: folder })).findings.filter((f) => f.rule.startsWith('k8s/service'))).toEqual([]);
    const service = pair.find((f) => f.endsWith('service.yaml'))!;
    const deployment = pair.find((f) => f.endsWith('deployment.yaml'))!;
    const mutated = readFileSync(path.join(folder, deployment), 'utf8').replace(/app: tf-serving/g, 'app: tf-serve');
    write('tf-deployment.yaml', mutated);
    writeFileSync(path.join(dir, 'tf-service.yaml'), readFileSync(path.join(folder, service)));
    const r = await check.run(['tf-deployment.yaml', 'tf-service.yaml'], {}, { cwd: dir });
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.rule}`)).toEqual([
      'tf-service.yaml k8s/service-selects-nothing',
    ]);
  });

  it('Istio v1 documents are judged by the v1beta1 model and say so', async () => {
    const file = files.find((f) => f.includes('virtual-service'))!;
    const r = await check.run([file], {}, { cwd: folder });
    expect(r.findings.filter((f) => f.rule === 'k8s/model-version').length).toBeGreaterThan(0);
    const text = readFileSync(path.join(folder, file), 'utf8').replace('subset: v1', 'subsett: v1');
    const bad = await check.run([write('vs.yaml', text)], {}, { cwd: dir });
    expect(bad.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(['k8s/unknown-field']);
  });
});
