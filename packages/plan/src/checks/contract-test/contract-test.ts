import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { findingAt, loadOpenApi, OpenApiContract } from '../openapi/load-openapi';
import { listOperations, Operation, operationLabel } from '../openapi/operations';
import { buildRequest } from './build-request';
import { httpCall } from '../process/http-call';
import { judgeResponse } from './judge-response';
import { parseProbes, undocumentedRoutes } from './routes';
import { commandAndPort, SERVICE_OPTIONS, startService } from '../process/service';
import { ContractTestRule, rules } from './rule-catalogue';

export interface ContractTestOptions {
  command?: string;
  port?: number;
  timeout?: number;
  requestTimeout?: number;
  readyPath?: string;
  probe?: string[];
  routes?: string;
  env?: string[];
}

/** Reads before writes, deletes last: a DELETE first would turn the GETs into 404s. */
const METHOD_ORDER = ['get', 'head', 'options', 'post', 'put', 'patch', 'trace', 'delete'];

/**
 * The implementation against its OpenAPI contract: start the service, call every operation with
 * a request built from the contract's examples and schemas, and check the answers (status
 * documented, body valid against its schema); report operations the service lacks and routes it
 * serves that the contract does not have. The service is stopped whatever happens.
 */
export const check: CheckDefinition<ContractTestOptions, ContractTestRule> = {
  name: 'contract-test',
  rules,
  summary:
    'Starts the service and checks every operation of its OpenAPI contract: status codes, response bodies, missing and undocumented routes',
  pathsDescription: 'the OpenAPI document of the service (one)',
  options: [
    SERVICE_OPTIONS.command,
    SERVICE_OPTIONS.port,
    SERVICE_OPTIONS.timeout,
    { name: 'requestTimeout', type: 'number', description: 'Seconds each request may take', default: 10 },
    SERVICE_OPTIONS.readyPath,
    { name: 'probe', type: 'string[]', description: 'Extra routes to try for undocumented ones ("/admin" or "DELETE /pets")' },
    {
      name: 'routes',
      type: 'string',
      description: 'Where the service advertises its routes as OpenAPI JSON, or "none"',
      default: '/openapi.json',
    },
    SERVICE_OPTIONS.env,
  ],
  async run(paths, options, context) {
    if (paths.length !== 1) throw new CheckUsageError('contract-test needs exactly one OpenAPI document (the contract of the service).');
    const { command, port } = commandAndPort('contract-test', options);
    const readyPath = normalisePath(options.readyPath ?? '/', 'readyPath');
    const routes = options.routes === 'none' ? undefined : normalisePath(options.routes ?? '/openapi.json', 'routes');
    const probes = parseProbes(toList(options.probe));
    const requestTimeoutMs = Math.max(0.1, Number(options.requestTimeout ?? 10)) * 1000;

    const loaded = loadOpenApi(paths[0], context.cwd);
    const contract = loaded.contract;
    if (!contract) return resultOf('contract-test', loaded.findings, { contract: paths[0] });
    const operations = listOperations(contract).sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));

    context.log?.(`contract-test: starting "${command}" on 127.0.0.1:${port}`);
    const started = await startService({
      command,
      port,
      cwd: context.cwd,
      readyPath,
      readyTimeoutMs: Math.max(0.1, Number(options.timeout ?? 30)) * 1000,
      env: toList(options.env),
    });
    const file = paths[0];
    if ('problem' in started) {
      const rule: ContractTestRule = `contract/service-${started.problem === 'port-in-use' ? 'port-in-use' : started.problem === 'exited' ? 'exited' : 'not-ready'}`;
      return resultOf(
        'contract-test',
        [...loaded.findings, { rule, severity: 'error', message: started.message, file, line: 1, column: 1 }],
        {
          contract: file,
          service: { command, port },
        },
      );
    }
    const findings: Finding<ContractTestRule>[] = [...loaded.findings];
    const results: Record<string, unknown>[] = [];
    let routeReport: Awaited<ReturnType<typeof undocumentedRoutes>> | undefined;
    try {
      for (const op of operations) results.push(await exercise(contract, op, port, requestTimeoutMs, findings));
      routeReport = await undocumentedRoutes(contract, operations, port, probes, routes, requestTimeoutMs);
      findings.push(...routeReport.findings);
    } finally {
      await started.service.stop();
    }
    return resultOf('contract-test', findings, {
      contract: file,
      service: { command, port, pid: started.service.pid, readyMs: started.readyMs },
      operations: results,
      probed: routeReport?.probed ?? [],
      advertisedRoutes: routeReport?.advertised ?? null,
    });
  },
};

async function exercise(
  contract: OpenApiContract,
  op: Operation,
  port: number,
  timeoutMs: number,
  findings: Finding<ContractTestRule>[],
): Promise<Record<string, unknown>> {
  const request = buildRequest(contract, op);
  const sent = `${request.method} ${request.target}`;
  const reply = await httpCall(port, request.method, request.target, { headers: request.headers, body: request.body, timeoutMs });
  const record: Record<string, unknown> = {
    operation: operationLabel(op),
    ...(op.operationId ? { operationId: op.operationId } : {}),
    request: sent,
  };
  if ('error' in reply) {
    findings.push(
      findingAt(contract, op.segments, 'contract/request-failed', `${operationLabel(op)}: ${sent} failed: ${reply.error}`, 'error', true),
    );
    return { ...record, ok: false, error: reply.error };
  }
  const problems = judgeResponse(contract, op, sent, reply);
  findings.push(...problems);
  return { ...record, status: reply.status, ok: problems.length === 0 };
}

function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function normalisePath(value: string, option: string): string {
  if (!value.startsWith('/')) throw new CheckUsageError(`${option} must be a path starting with "/" (got "${value}").`);
  return value;
}
