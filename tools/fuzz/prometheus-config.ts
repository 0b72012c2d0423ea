/**
 * Fuzzes prometheus-config: mutated prometheus.yml and rule files (bytes and structure: bad
 * durations, unknown fields, broken PromQL, duplicate jobs) through the real check.run() and
 * promtool, 100 files per run (one promtool process per kind and run); what is fuzzed is our
 * reading of promtool's output and the positions mapped from it.
 *
 *   node -r @swc-node/register tools/fuzz/prometheus-config.ts [--iterations N] [--seed S]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../packages/plan/src/checks/prometheus-config/prometheus-config';
import { findPromtool } from '../../packages/plan/src/checks/prometheus-config/promtool';
import { fuzzMain, mutate } from './contracts-lib';

const CONFIG = `global: { scrape_interval: 15s, evaluation_interval: 30s, external_labels: { env: prod } }
rule_files: [alerts.yml]
alerting: { alertmanagers: [{ static_configs: [{ targets: ["am:9093"] }] }] }
scrape_configs:
  - job_name: api
    metrics_path: /metrics
    static_configs: [{ targets: ["api:8000"], labels: { tier: back } }]
    relabel_configs: [{ source_labels: [__address__], regex: "(.*):.*", target_label: host, replacement: "$1" }]
  - job_name: node
    scrape_interval: 1m
    static_configs: [{ targets: ["node:9100"] }]
`;
const RULES = `groups:
  - name: api
    interval: 1m
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_requests_total{status=~"5.."}[5m])) by (job) / sum(rate(http_requests_total[5m])) by (job) > 0.05
        for: 10m
        labels: { severity: page }
        annotations: { summary: "{{ $labels.job }} errors" }
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
`;
const EXTRAS = {
  scrape_interval: '15x',
  expr: 'rate(x[5m) > ',
  for: '-1m',
  job_name: 'api',
  bogus: 1,
  targets: ['::::', 'a:b:c'],
  regex: '(',
};
const BATCH = 100;

if (!findPromtool()) {
  console.error('fuzz prometheus-config: promtool not found (apt-get install prometheus)');
  process.exit(1);
}

void fuzzMain({
  name: 'prometheus-config',
  batch: BATCH,
  async baseline(dir) {
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), CONFIG);
    fs.writeFileSync(path.join(dir, 'alerts.yml'), RULES);
    return check.run(['prometheus.yml', 'alerts.yml'], {}, { cwd: dir });
  },
  async run(dir, r, count) {
    const paths: string[] = [];
    for (let i = 0; i < count; i++) {
      const rules = r.rand() < 0.5;
      const name = `${rules ? 'rules' : 'prom'}${i}.yml`;
      fs.writeFileSync(path.join(dir, name), mutate(rules ? RULES : CONFIG, r, EXTRAS));
      paths.push(name);
    }
    return check.run(paths, {}, { cwd: dir });
  },
});
