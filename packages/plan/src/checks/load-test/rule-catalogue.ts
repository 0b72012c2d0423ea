import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'load/not-found': { severity: 'error', help: 'The load test file is missing or unreadable: check the path.' },
  'load/yaml-*': { severity: 'error', help: 'The load test file is not YAML or JSON that can be read.' },
  'load/duplicate-key': { severity: 'error', help: 'Duplicate keys in the load test file: keep one.' },
  'load/spec': {
    severity: 'error',
    help: 'The load test file has duration, connections, warmup, requests and at least one threshold, each valid.',
  },
  'load/service-*': { severity: 'error', help: 'The service must start on the loopback port and answer before the load test runs.' },
  'load/run': { severity: 'error', help: 'The load generator (autocannon) failed.' },
  'load/p50Ms': { severity: 'error', help: 'The median latency stays within the threshold.' },
  'load/p90Ms': { severity: 'error', help: 'The 90th percentile latency stays within the threshold.' },
  'load/p99Ms': { severity: 'error', help: 'The 99th percentile latency stays within the threshold.' },
  'load/maxErrorRate': { severity: 'error', help: 'The share of failed requests (non-2xx, errors, timeouts) stays within the threshold.' },
  'load/minRps': { severity: 'error', help: 'The service sustains at least the threshold of requests per second.' },
});

export type LoadRule = RuleId<typeof rules>;
