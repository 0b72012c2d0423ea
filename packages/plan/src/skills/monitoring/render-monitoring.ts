import { renderTemplateDir } from '../../generators/utils/render-templates';
import { templatesDir } from '../../generators/utils/templates-dir';
import { checkStack, Stack } from '../infra-stack/stack';

/** Names of the request metrics the services export (prom-client / fastify-metrics defaults). */
export interface RequestMetrics {
  /** Histogram of request durations in seconds. */
  duration: string;
  route: string;
  status: string;
}

export const DEFAULT_METRICS: RequestMetrics = { duration: 'http_request_duration_seconds', route: 'route', status: 'status_code' };
const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const PROMETHEUS_CONFIG = 'infra/prometheus/prometheus.yml';
export const ALERT_RULES = 'infra/prometheus/alerts.yml';
export const DASHBOARD_PATH = 'infra/grafana/dashboards/services.json';

/**
 * Monitoring of a stack: prometheus.yml scraping every service and the gateway, alert rules per
 * service (down, 5xx ratio, p99 latency; `promtool check config` validates both), and Grafana
 * provisioning with one dashboard (request rate, error ratio, p99 latency, up).
 */
export function renderMonitoring(stack: Stack, metrics: RequestMetrics = DEFAULT_METRICS, latencySeconds = 0.5): Map<string, string> {
  checkStack(stack);
  if (!METRIC.test(metrics.duration) || !LABEL.test(metrics.route) || !LABEL.test(metrics.status))
    throw new Error(`Invalid request metric names: ${JSON.stringify(metrics)}.`);
  const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  const files = renderTemplateDir(templatesDir('skills', 'monitoring'), { ...stack, metrics, latencySeconds, pascal }, {});
  files.set(DASHBOARD_PATH, `${JSON.stringify(dashboard(stack, metrics), null, 2)}\n`);
  return files;
}

function dashboard(stack: Stack, m: RequestMetrics) {
  const jobs = stack.services.map((s) => s.name).join('|');
  const ds = { type: 'prometheus', uid: 'prometheus' };
  const panel = (id: number, title: string, expr: string, unit: string, x: number, y: number, legend: string) => ({
    id,
    type: 'timeseries',
    title,
    datasource: ds,
    gridPos: { h: 8, w: 12, x, y },
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom' } },
    targets: [{ refId: 'A', datasource: ds, expr, legendFormat: legend }],
  });
  return {
    uid: `${stack.name}-services`.slice(0, 40),
    title: `${stack.title}: services`,
    tags: ['plan', stack.name],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    panels: [
      panel(1, 'Requests per second', `sum by (job) (rate(${m.duration}_count{job=~"${jobs}"}[5m]))`, 'reqps', 0, 0, '{{job}}'),
      panel(
        2,
        'Error ratio (5xx)',
        `sum by (job) (rate(${m.duration}_count{job=~"${jobs}",${m.status}=~"5.."}[5m])) / sum by (job) (rate(${m.duration}_count{job=~"${jobs}"}[5m]))`,
        'percentunit',
        12,
        0,
        '{{job}}',
      ),
      panel(
        3,
        'p99 latency by route',
        `histogram_quantile(0.99, sum by (le, job, ${m.route}) (rate(${m.duration}_bucket{job=~"${jobs}"}[5m])))`,
        's',
        0,
        8,
        `{{job}} {{${m.route}}}`,
      ),
      panel(4, 'Up', `up{job=~"${jobs}|gateway"}`, 'none', 12, 8, '{{job}}'),
    ],
  };
}
