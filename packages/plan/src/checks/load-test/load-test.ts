import { rules } from './rule-catalogue';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { commandAndPort, SERVICE_OPTIONS, startService } from '../process/service';
import { readInput } from '../contract-files/read-input';
import { readLoadSpec, THRESHOLDS, ThresholdName } from './load-spec';
import { LoadFigures, runLoad } from './run-load';

export interface LoadTestOptions {
  command?: string;
  port?: number;
  timeout?: number;
  readyPath?: string;
  env?: string[];
}

const MEASURED: Record<ThresholdName, (f: LoadFigures) => number> = {
  p50Ms: (f) => f.p50Ms,
  p90Ms: (f) => f.p90Ms,
  p99Ms: (f) => f.p99Ms,
  maxErrorRate: (f) => f.errorRate,
  minRps: (f) => f.rps,
};

/**
 * A short load test with thresholds: start the service on loopback (as contract-test does:
 * confined, own process group, stopped whatever happens), drive the requests of the load test
 * file with autocannon for its duration, and report every threshold the run misses at that
 * threshold's line. A command check could only say "exit 1"; this names which figure and where.
 */
export const check: CheckDefinition<LoadTestOptions> = {
  name: 'load-test',
  rules,
  summary:
    'Starts the service and runs a short load test (autocannon); each missed latency, error-rate or throughput threshold at its line',
  pathsDescription: 'the load test definition (tests/load/load-test.yaml: duration, connections, requests, thresholds)',
  options: [SERVICE_OPTIONS.command, SERVICE_OPTIONS.port, SERVICE_OPTIONS.timeout, SERVICE_OPTIONS.readyPath, SERVICE_OPTIONS.env],
  async run(paths, options, context) {
    if (paths.length !== 1) throw new CheckUsageError('load-test needs exactly one load test file.');
    const { command, port } = commandAndPort('load-test', options);
    const file = paths[0];
    const input = await readInput(file, context.cwd, 'load');
    if ('finding' in input) return resultOf('load-test', [input.finding]);
    const { spec, findings: specFindings } = readLoadSpec(input.text, file);
    if (!spec) return resultOf('load-test', specFindings);

    const started = await startService({
      command,
      port,
      cwd: context.cwd,
      readyPath: options.readyPath ?? '/',
      readyTimeoutMs: (options.timeout ?? 30) * 1000,
      env: options.env ?? [],
    });
    if ('problem' in started)
      return resultOf('load-test', [
        {
          rule: `load/service-${started.problem}`,
          severity: 'error',
          message: `The service could not be load tested: ${started.message}.`,
          file,
          line: 1,
          column: 1,
        },
      ]);
    let figures: LoadFigures;
    try {
      context.log?.(`load-test: ${spec.connections} connections for ${spec.duration} s against 127.0.0.1:${port}`);
      figures = await runLoad({
        port,
        duration: spec.duration,
        connections: spec.connections,
        warmup: spec.warmup,
        requests: spec.requests,
        timeoutS: 10,
      });
    } catch (error) {
      return resultOf('load-test', [
        {
          rule: 'load/run',
          severity: 'error',
          message: `The load generator failed: ${(error as Error).message}.`,
          file,
          line: 1,
          column: 1,
        },
      ]);
    } finally {
      await started.service.stop();
    }

    const findings: Finding[] = [];
    for (const t of spec.thresholds) {
      const measured = MEASURED[t.name](figures);
      const ok = t.name === 'minRps' ? measured >= t.value : measured <= t.value;
      if (ok) continue;
      const pos = spec.doc.locate(t.at);
      findings.push({
        rule: `load/${t.name}`,
        severity: 'error',
        message: `${t.name}: measured ${format(t.name, measured)}, threshold ${format(t.name, t.value)} (${THRESHOLDS[t.name]}); ${figures.total} requests in ${figures.durationS} s, ${figures.failed} failed (status codes ${JSON.stringify(figures.statusCodes)}).`,
        file,
        line: pos.line,
        column: pos.column,
      });
    }
    return resultOf('load-test', findings, { ...figures, connections: spec.connections, requests: spec.requests.length });
  },
};

function format(name: ThresholdName, value: number): string {
  if (name === 'maxErrorRate') return `${(value * 100).toFixed(2)}%`;
  if (name === 'minRps') return `${value.toFixed(1)} req/s`;
  return `${value} ms`;
}
