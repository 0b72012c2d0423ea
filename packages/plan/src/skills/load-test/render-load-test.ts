import { stringify } from 'yaml';
import { contractRoutes } from '../infra-stack/contract-facts';
import { OpenApiDocument } from '../infra-stack/stack';

export const LOAD_TEST_PATH = 'tests/load/load-test.yaml';

export interface LoadTestOptions {
  /** Seconds of load (default 5: short enough for every CI run). */
  duration?: number;
  connections?: number;
  thresholds?: { p50Ms?: number; p99Ms?: number; maxErrorRate?: number; minRps?: number };
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A short load test of a service as data, for the `load-test` check (autocannon against the
 * service on loopback): the contract's collection reads (first page) and creates (with the
 * contract's request example), cycled over the connections, with latency, error-rate and
 * throughput thresholds. Paths come from the contract, so the test follows it.
 */
export function renderLoadTest(contract: OpenApiDocument, options: LoadTestOptions = {}): Map<string, string> {
  const requests: Record<string, unknown>[] = [];
  for (const route of contractRoutes(contract)) {
    if (route.path.includes('{')) continue;
    if (route.methods.includes('GET')) requests.push({ method: 'GET', path: `${route.path}?limit=10` });
    const post = isObj(contract.paths) ? contract.paths[route.path.slice(basePathLength(contract, route.path))]?.post : undefined;
    const example = isObj(post) ? post.requestBody?.content?.['application/json']?.example : undefined;
    if (route.methods.includes('POST') && example !== undefined) requests.push({ method: 'POST', path: route.path, body: example });
  }
  if (requests.length === 0)
    throw new Error('The contract has no collection operation (GET or POST without path parameters) to load test.');
  const spec = {
    duration: options.duration ?? 5,
    connections: options.connections ?? 10,
    warmup: 1,
    requests,
    // Loose enough for a shared CI runner, tight enough to catch a handler that blocks or fails.
    thresholds: { p50Ms: 100, p99Ms: 500, maxErrorRate: 0.01, minRps: 20, ...options.thresholds },
  };
  const header = [
    '# Load test of the service, run by `plan load-test` (autocannon) against the service on 127.0.0.1.',
    '# Requests cycle over the connections for `duration` seconds after `warmup`; every threshold must hold.',
    '# Thresholds: p50Ms / p90Ms / p99Ms latency at most, maxErrorRate (0-1) at most, minRps at least.',
  ].join('\n');
  return new Map([[LOAD_TEST_PATH, `${header}\n${stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false })}`]]);
}

/** Served paths carry the server's base path; the contract's `paths` keys do not. */
function basePathLength(contract: OpenApiDocument, served: string): number {
  for (let i = 0; i <= served.length; i++) if (isObj(contract.paths) && served.slice(i) in contract.paths) return i;
  return 0;
}
