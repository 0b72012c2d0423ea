import { rules } from './rule-catalogue';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readInput, sortFindings } from '../contract-files/read-input';
import { ValuePath } from '../contract-files/yaml-source';
import { loadContractOption, serverBasePath } from '../openapi/contract-option';
import { findingAt } from '../openapi/load-openapi';
import { listOperations, Operation, operationLabel } from '../openapi/operations';
import { KongRoute, readKongConfig } from './kong-config';
import { compileRoutePath, prefixIsTemplate, routeMatches, routeRegex } from './route-paths';

export interface GatewayRoutesOptions {
  contract?: string;
  basePath?: string;
}

/**
 * The gateway forwards exactly the contract: every route of the Kong declarative configuration
 * is a path and method of the OpenAPI contract, and every operation of the contract is routed.
 * Kong was chosen because its declarative format (kong.yml, DB-less mode, decK) is documented,
 * a plain file in the repository, and runs as one container in the local compose stack.
 */
export const check: CheckDefinition<GatewayRoutesOptions> = {
  name: 'gateway-routes',
  rules,
  summary: 'Kong declarative config routes = the OpenAPI contract: every route a contract path and method, every operation routed',
  pathsDescription: 'Kong declarative configuration files (kong.yml)',
  options: [
    { name: 'contract', type: 'string', description: 'the OpenAPI contract the routes must match (relative to the plan folder)' },
    {
      name: 'basePath',
      type: 'string',
      description: "prefix of every contract path at the gateway (default: the path of the contract's first server URL)",
    },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('gateway-routes needs at least one Kong configuration file (kong.yml).');
    const loaded = loadContractOption(options.contract, context.cwd, 'gateway-routes');
    if ('findings' in loaded) return resultOf('gateway-routes', loaded.findings, { contract: options.contract });
    const { contract } = loaded;
    const base = (options.basePath ?? serverBasePath(contract)).replace(/\/+$/, '');
    const operations = listOperations(contract);
    const findings: Finding[] = [];
    const routed = new Set<Operation>();
    const routes: Record<string, unknown>[] = [];
    for (const given of paths) {
      const input = await readInput(given, context.cwd, 'gateway');
      if ('finding' in input) {
        findings.push(input.finding);
        continue;
      }
      const config = readKongConfig(input.text, given);
      findings.push(...config.findings);
      if (!('routes' in config)) continue;
      for (const route of config.routes) {
        const add = (rule: string, message: string, at: ValuePath) => {
          const pos = config.doc.locate(at);
          findings.push({ rule: `gateway/${rule}`, severity: 'error', message, file: given, line: pos.line, column: pos.column });
        };
        const reached = judgeRoute(route, operations, base, add);
        reached.forEach((op) => routed.add(op));
        routes.push({
          file: given,
          route: route.label,
          paths: route.paths?.map((p) => p.path),
          methods: route.methods?.map((m) => m.method),
        });
      }
    }
    // The gateway files first: they are what this check judges; unrouted operations follow, in the contract.
    const unrouted: Finding[] = [];
    for (const op of operations) {
      if (routed.has(op)) continue;
      unrouted.push(
        findingAt(
          contract,
          op.segments,
          'gateway/operation-unrouted',
          `${operationLabel(op)} (gateway path ${base}${op.path}) is not routed by the gateway (${paths.join(', ')}): add a route with paths ["~${routeRegex(base + op.path)}"] and methods [${op.method.toUpperCase()}].`,
          'error',
          true,
        ),
      );
    }
    return resultOf('gateway-routes', [...sortFindings(findings), ...sortFindings(unrouted)], {
      gateway: 'kong',
      contract: options.contract,
      basePath: base,
      routes,
      operations: operations.length,
      routed: [...routed].map(operationLabel),
    });
  },
};

/** Checks one route against the contract; returns the operations it forwards. */
function judgeRoute(route: KongRoute, operations: Operation[], base: string, add: (rule: string, message: string, at: ValuePath) => void) {
  const reached = new Set<Operation>();
  const full = (op: Operation) => base + op.path;
  if (!route.paths || route.paths.length === 0) {
    add(
      'route-not-in-contract',
      `Route ${route.label} lists no paths, so it forwards every path, including ones the contract does not define: list the contract's paths.`,
      route.at,
    );
    return reached;
  }
  if (route.stripPath)
    add(
      'strip-path',
      `Route ${route.label} strips the matched path (Kong's default strip_path: true), so the service receives a path the contract does not define: set strip_path: false.`,
      route.at,
    );
  if (!route.methods || route.methods.length === 0)
    add(
      'methods-missing',
      `Route ${route.label} lists no methods, so it forwards every method, including ones the contract does not define: list them (methods: [GET, ...]).`,
      route.at,
    );

  // The contract paths this route is for: a regex route every template it reaches, a prefix route the template it names.
  const templates = new Map<string, Operation[]>();
  for (const op of operations) templates.set(full(op), [...(templates.get(full(op)) ?? []), op]);
  const targets = new Set<string>();
  for (const { path, at } of route.paths) {
    const compiled = compileRoutePath(path);
    if ('error' in compiled) {
      add('route-path', `Route ${route.label}: "${path}" is not a regular expression this check can read (${compiled.error}).`, at);
      continue;
    }
    const own = [...templates.keys()].filter((t) =>
      compiled.kind === 'regex' ? routeMatches(compiled, t) : prefixIsTemplate(compiled, t),
    );
    if (own.length === 0) {
      add(
        'route-not-in-contract',
        `Route ${route.label} forwards ${path}, which is not a path of the contract${base ? ` (under ${base})` : ''}: ${nearest([...templates.keys()])}`,
        at,
      );
    }
    own.forEach((t) => targets.add(t));
    // Kong also forwards what a prefix reaches beyond its own path; those operations count as routed.
    for (const t of templates.keys()) if (routeMatches(compiled, t)) targets.add(t);
  }
  for (const template of targets) {
    for (const op of templates.get(template) ?? []) {
      if (!route.methods || route.methods.some((m) => m.method === op.method.toUpperCase())) reached.add(op);
    }
  }
  for (const { method, at } of route.methods ?? []) {
    const ownTargets = [...targets].filter((t) => route.paths!.some((p) => isOwn(p.path, t)));
    for (const template of ownTargets) {
      const ops = templates.get(template) ?? [];
      const defined = ops.some((op) => op.method.toUpperCase() === method) || (method === 'HEAD' && ops.some((op) => op.method === 'get'));
      if (!defined)
        add(
          'method-not-in-contract',
          `Route ${route.label} forwards ${method} ${template}, which the contract does not define (it defines ${ops.map((o) => o.method.toUpperCase()).join(', ')} there): remove ${method} or add the operation to the contract.`,
          at,
        );
    }
  }
  return reached;
}

function isOwn(path: string, template: string): boolean {
  const compiled = compileRoutePath(path);
  if ('error' in compiled) return false;
  return compiled.kind === 'regex' ? routeMatches(compiled, template) : prefixIsTemplate(compiled, template);
}

function nearest(templates: string[]): string {
  if (templates.length === 0) return 'the contract defines no paths.';
  return `route only the contract's paths (${templates.slice(0, 6).join(', ')}${templates.length > 6 ? ', ...' : ''}).`;
}
