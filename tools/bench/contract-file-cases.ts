/**
 * Bench inputs for the contract-file checks (validate-compose, validate-k8s, validate-workflow,
 * validate-data-contract, prometheus-config): one small valid file each, measured per file
 * against files-exist by tools/bench/checks.ts.
 */
import { spawnSync } from 'node:child_process';
import { BenchCase, put } from './cases';

export function contractFileCases(root: string): BenchCase[] {
  const compose = put(
    root,
    'deploy/compose.yaml',
    'services:\n  api:\n    image: churn/api:1\n    ports: ["8000:8000"]\n    environment: { DB_PASSWORD: "${DB_PASSWORD}" }\n    depends_on: { db: { condition: service_healthy } }\n  db:\n    image: postgres:16\n    healthcheck: { test: ["CMD-SHELL", "pg_isready"], interval: 10s }\n',
  );
  const k8s = put(
    root,
    'deploy/k8s.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      securityContext: { runAsNonRoot: true, runAsUser: 1000 }\n      containers:\n        - name: api\n          image: churn/api:1\n          resources: { limits: { cpu: 500m, memory: 256Mi } }\n          livenessProbe: { httpGet: { path: /health, port: 8000 } }\n          readinessProbe: { httpGet: { path: /health, port: 8000 } }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec: { selector: { app: api }, ports: [{ port: 80, targetPort: 8000 }] }\n',
  );
  const workflow = put(
    root,
    '.github/workflows/ci.yml',
    "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n  deploy:\n    needs: [test]\n    if: ${{ github.ref == 'refs/heads/main' }}\n    runs-on: ubuntu-24.04\n    steps: [{ run: echo deploy }]\n",
  );
  const avsc = put(
    root,
    'contracts/customer.avsc',
    '{"type":"record","name":"Customer","fields":[{"name":"id","type":"string"},{"name":"tenure","type":"int","default":0}]}\n',
  );
  const previous = put(
    root,
    'contracts/customer-v1.avsc',
    '{"type":"record","name":"Customer","fields":[{"name":"id","type":"string"}]}\n',
  );
  const samples = put(root, 'contracts/customers.ndjson', '{"id":"a","tenure":3}\n{"id":"b","tenure":0}\n');
  const cases: BenchCase[] = [
    { label: 'validate-compose', check: 'validate-compose', paths: [compose], options: {}, files: [{ path: compose, kind: 'yaml' }] },
    { label: 'validate-k8s', check: 'validate-k8s', paths: [k8s], options: {}, files: [{ path: k8s, kind: 'text' }] },
    {
      label: 'validate-workflow',
      check: 'validate-workflow',
      paths: [workflow],
      options: {},
      files: [{ path: workflow, kind: 'yaml' }],
      warm: 5,
    },
    {
      label: 'validate-data-contract (avro)',
      check: 'validate-data-contract',
      paths: [avsc],
      options: { previous, samples: [samples], compatibility: 'full' },
      files: [
        { path: avsc, kind: 'json' },
        { path: previous, kind: 'json' },
        { path: samples, kind: 'text' },
      ],
    },
  ];
  if (spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0) {
    const prom = put(
      root,
      'monitoring/prometheus.yml',
      'global: { scrape_interval: 15s }\nrule_files: [alerts.yml]\nscrape_configs:\n  - job_name: api\n    static_configs: [{ targets: ["api:8000"] }]\n',
    );
    const alerts = put(
      root,
      'monitoring/alerts.yml',
      'groups:\n  - name: api\n    rules:\n      - alert: Down\n        expr: up == 0\n        for: 5m\n',
    );
    cases.push({
      label: 'prometheus-config',
      check: 'prometheus-config',
      paths: [prom],
      options: {},
      files: [
        { path: prom, kind: 'yaml' },
        { path: alerts, kind: 'yaml' },
      ],
      warm: 5,
    });
  } else console.log('(prometheus-config skipped: promtool not found; apt-get install prometheus)');
  return cases;
}
