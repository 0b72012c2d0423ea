/**
 * autocannon behind a small typed boundary: one run against 127.0.0.1, the figures the thresholds
 * compare. Loaded on first use, so other checks never pay for it.
 */
import type { LoadRequest } from './load-spec';

export interface LoadFigures {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  rps: number;
  total: number;
  failed: number;
  errorRate: number;
  statusCodes: Record<string, number>;
  durationS: number;
}

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number };
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}

type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => unknown;

export function runLoad(options: {
  port: number;
  duration: number;
  connections: number;
  warmup: number;
  requests: LoadRequest[];
  timeoutS: number;
}): Promise<LoadFigures> {
  const autocannon = require('autocannon') as Autocannon;
  const requests = options.requests.map((r) => ({
    method: r.method,
    path: r.path,
    headers: { accept: 'application/json', ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}), ...r.headers },
    ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
  }));
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${options.port}`,
        connections: options.connections,
        duration: options.duration,
        timeout: options.timeoutS,
        requests,
        ...(options.warmup > 0 ? { warmup: { connections: options.connections, duration: options.warmup } } : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        const failed = result.non2xx + result.errors + result.timeouts;
        const attempts = result.requests.total + result.errors + result.timeouts;
        resolve({
          p50Ms: result.latency.p50,
          p90Ms: result.latency.p90,
          p99Ms: result.latency.p99,
          maxMs: result.latency.max,
          rps: result.requests.average,
          total: result.requests.total,
          failed,
          errorRate: attempts === 0 ? 1 : failed / attempts,
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
          durationS: result.duration,
        });
      },
    );
  });
}
