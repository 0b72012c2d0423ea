import { Finding } from '../contract';
import { readYaml, ValuePath, YamlDocument } from '../contract-files/yaml-source';

/**
 * A load test as data (tests/load/load-test.yaml or .json): how long and how hard, the requests
 * to cycle through, and the thresholds the run must meet. Each threshold keeps its position, so
 * a missed one is reported at its own line.
 */
export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** JSON body (sent with content-type application/json). */
  body?: unknown;
}

export type ThresholdName = 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxErrorRate' | 'minRps';

export interface LoadSpec {
  doc: YamlDocument;
  duration: number;
  connections: number;
  warmup: number;
  requests: LoadRequest[];
  thresholds: { name: ThresholdName; value: number; at: ValuePath }[];
}

export const THRESHOLDS: Record<ThresholdName, string> = {
  p50Ms: 'median latency (ms) at most',
  p90Ms: '90th percentile latency (ms) at most',
  p99Ms: '99th percentile latency (ms) at most',
  maxErrorRate: 'share of failed requests (non-2xx, errors, timeouts) at most, 0-1',
  minRps: 'requests per second at least',
};

/** A load test longer than this is a soak test, not a check that CI runs on every change. */
export const MAX_DURATION_S = 120;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readLoadSpec(text: string, file: string): { spec?: LoadSpec; findings: Finding[] } {
  const source = readYaml(text, file, { rule: 'load', reader: 'the load test' });
  if (source.findings.length > 0) return { findings: source.findings };
  const doc = source.documents[0];
  const findings: Finding[] = [];
  const add = (message: string, at: ValuePath, what: 'key' | 'value' = 'value') => {
    const pos = doc.locate(at, what);
    findings.push({ rule: 'load/spec', severity: 'error', message, file, line: pos.line, column: pos.column });
  };
  if (!doc || !isObj(doc.value)) {
    findings.push({
      rule: 'load/spec',
      severity: 'error',
      message: 'Not a load test: expected a mapping with duration, connections, requests and thresholds.',
      file,
      line: doc?.start.line ?? 1,
      column: doc?.start.column ?? 1,
    });
    return { findings };
  }
  const root = doc.value;
  for (const key of Object.keys(root))
    if (!['duration', 'connections', 'warmup', 'requests', 'thresholds'].includes(key))
      add(`Unknown field "${key}": a load test has duration, connections, warmup, requests and thresholds.`, [key], 'key');
  const number = (key: string, min: number, max: number, fallback: number, integer = false): number => {
    const value = root[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || value < min || value > max || (integer && !Number.isInteger(value))) {
      add(`${key} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (found ${JSON.stringify(value)}).`, [key]);
      return fallback;
    }
    return value;
  };
  const duration = number('duration', 1, MAX_DURATION_S, 5);
  const connections = number('connections', 1, 1000, 10, true);
  const warmup = number('warmup', 0, 30, 1);

  const requests: LoadRequest[] = [];
  if (!Array.isArray(root.requests) || root.requests.length === 0) {
    add('requests must list at least one request ({method, path}).', root.requests === undefined ? [] : ['requests']);
  } else {
    root.requests.forEach((r, i) => {
      const at: ValuePath = ['requests', i];
      if (!isObj(r)) return add(`requests[${i}] must be a mapping with method and path.`, at);
      const method = typeof r.method === 'string' ? r.method.toUpperCase() : 'GET';
      if (!METHODS.has(method)) add(`requests[${i}].method "${String(r.method)}" is not an HTTP method.`, [...at, 'method']);
      if (typeof r.path !== 'string' || !r.path.startsWith('/') || /[\s\u0000-\u001f]/.test(r.path)) {
        add(`requests[${i}].path must be a path starting with / (no spaces or control characters).`, [...at, 'path']);
        return;
      }
      let headers: Record<string, string> | undefined;
      if (r.headers !== undefined) {
        if (
          !isObj(r.headers) ||
          !Object.entries(r.headers).every(
            ([k, v]) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) && typeof v === 'string' && !/[\r\n]/.test(v),
          )
        )
          add(`requests[${i}].headers must map header names to one-line strings.`, [...at, 'headers']);
        else headers = r.headers as Record<string, string>;
      }
      requests.push({ method, path: r.path, headers, body: r.body });
    });
  }

  const thresholds: LoadSpec['thresholds'] = [];
  if (!isObj(root.thresholds) || Object.keys(root.thresholds).length === 0) {
    add(
      `thresholds must set at least one of ${Object.keys(THRESHOLDS).join(', ')}: a load test without thresholds proves nothing.`,
      root.thresholds === undefined ? [] : ['thresholds'],
    );
  } else {
    for (const [name, value] of Object.entries(root.thresholds)) {
      if (!(name in THRESHOLDS)) {
        add(
          `Unknown threshold "${name}": use ${Object.entries(THRESHOLDS)
            .map(([k, v]) => `${k} (${v})`)
            .join(', ')}.`,
          ['thresholds', name],
          'key',
        );
        continue;
      }
      const max = name === 'maxErrorRate' ? 1 : Number.MAX_SAFE_INTEGER;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
        add(`Threshold ${name} must be a number from 0${name === 'maxErrorRate' ? ' to 1' : ''} (found ${JSON.stringify(value)}).`, [
          'thresholds',
          name,
        ]);
        continue;
      }
      thresholds.push({ name: name as ThresholdName, value, at: ['thresholds', name] });
    }
  }
  if (findings.length > 0) return { findings };
  return { spec: { doc, duration, connections, warmup, requests, thresholds }, findings };
}
