import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics at /metrics: request latency per route (what the alert rules and the
 * dashboard read) and calls per contract operation and status (API usage analytics), plus the
 * process metrics. One registry per app, so tests can build several apps in one process.
 */
export function registerMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const calls = new Counter({
    name: 'api_requests_total',
    help: 'Calls per contract operation and status',
    labelNames: ['operation_id', 'status_code'],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    duration.observe({ method: request.method, route, status_code: status }, reply.elapsedTime / 1000);
    const operationId = (request.routeOptions.config as { operationId?: string } | undefined)?.operationId;
    if (operationId) calls.inc({ operation_id: operationId, status_code: status });
  });
  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
