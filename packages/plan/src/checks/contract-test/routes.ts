import { isRecord } from '../api-documents/load-document';
import { CheckUsageError, Finding } from '../contract';
import { findingAt, OpenApiContract } from '../openapi/load-openapi';
import { HTTP_METHODS, Operation, templatePattern } from '../openapi/operations';
import { httpCall } from '../process/http-call';
import type { ContractTestRule } from './rule-catalogue';

export interface RouteProbe {
  method: string;
  path: string;
}

/** `--probe` entries: "/admin" (GET) or "DELETE /pets". */
export function parseProbes(list: string[]): RouteProbe[] {
  return list.map((entry) => {
    const match = /^\s*(?:([A-Za-z]+)\s+)?(\/\S*)\s*$/.exec(entry);
    if (!match || (match[1] && !(HTTP_METHODS as readonly string[]).includes(match[1].toLowerCase()))) {
      throw new CheckUsageError(`probe "${entry}" is not "/path" or "METHOD /path" (e.g. "GET /admin").`);
    }
    return { method: (match[1] ?? 'GET').toUpperCase(), path: match[2] };
  });
}

const shape = (template: string) => template.replace(/\{[^{}]*\}/g, '{}').replace(/\/$/, '');

/**
 * Routes the service serves that the contract does not document: those it advertises (an OpenAPI
 * document at `routesPath`, as FastAPI serves at /openapi.json) and the probe paths that answer
 * something other than 404/405/501.
 */
export async function undocumentedRoutes(
  contract: OpenApiContract,
  operations: Operation[],
  port: number,
  probes: RouteProbe[],
  routesPath: string | undefined,
  timeoutMs: number,
): Promise<{ findings: Finding<ContractTestRule>[]; probed: Record<string, unknown>[]; advertised: number | null }> {
  const documented = new Set(operations.map((op) => `${op.method.toUpperCase()} ${shape(op.path)}`));
  const patterns = operations.map((op) => ({ method: op.method.toUpperCase(), pattern: templatePattern(op.path) }));
  const findings: Finding<ContractTestRule>[] = [];
  const reported = new Set<string>();
  const report = (route: string, how: string) => {
    if (reported.has(route)) return;
    reported.add(route);
    findings.push(
      findingAt(
        contract,
        ['paths'],
        'contract/route-undocumented',
        `${route} is served but not in the contract (${how}): document it or remove it from the service`,
        'error',
        true,
      ),
    );
  };

  let advertised: number | null = null;
  if (routesPath) {
    const reply = await httpCall(port, 'GET', routesPath, { timeoutMs });
    let doc: unknown;
    if (!('error' in reply) && reply.status === 200) {
      try {
        doc = JSON.parse(reply.body);
      } catch {
        doc = undefined;
      }
    }
    if (isRecord(doc) && isRecord(doc.paths)) {
      advertised = 0;
      for (const [path, item] of Object.entries(doc.paths)) {
        if (!isRecord(item)) continue;
        for (const method of HTTP_METHODS) {
          if (!isRecord(item[method])) continue;
          advertised++;
          const route = `${method.toUpperCase()} ${path}`;
          if (!documented.has(`${method.toUpperCase()} ${shape(path)}`)) report(route, `the service advertises it at ${routesPath}`);
        }
      }
    }
  }

  const probed: Record<string, unknown>[] = [];
  for (const probe of probes) {
    const reply = await httpCall(port, probe.method, probe.path, { timeoutMs });
    const status = 'error' in reply ? undefined : reply.status;
    probed.push({
      route: `${probe.method} ${probe.path}`,
      ...(status !== undefined ? { status } : { error: (reply as { error: string }).error }),
    });
    if (status === undefined || status === 404 || status === 405 || status === 501) continue;
    const bare = probe.path.split('?')[0];
    if (patterns.some((p) => p.method === probe.method && p.pattern.test(bare))) continue;
    report(`${probe.method} ${bare}`, `${probe.method} ${probe.path} answered HTTP ${status}`);
  }
  return { findings, probed, advertised };
}
