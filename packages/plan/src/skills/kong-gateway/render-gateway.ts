import { stringify } from 'yaml';
import { routeRegex } from '../../checks/gateway-routes/route-paths';
import { contractRoutes } from '../infra-stack/contract-facts';
import { checkStack, Stack } from '../infra-stack/stack';

export const GATEWAY_PATH = 'infra/gateway/kong.yml';

/**
 * Kong's declarative configuration (DB-less mode; decK reads the same format): one Kong service
 * per backend and one route per contract path, with exactly the contract's methods, an anchored
 * regex for templated paths and strip_path off, so the backend receives the path the contract
 * names. Kong was chosen for a documented declarative file that runs as one container locally;
 * the `gateway-routes` check reads this file against the contract. Global plugins: rate limiting
 * (per client IP, local counters), correlation ids, Prometheus metrics on the status port.
 */
export function renderGateway(stack: Stack): Map<string, string> {
  checkStack(stack);
  const services = stack.services
    .filter((s) => s.contract)
    .map((s) => ({
      name: s.name,
      url: `http://${s.name}:${s.port}`,
      connect_timeout: 5000,
      read_timeout: 30000,
      retries: 2,
      routes: contractRoutes(s.contract!).map((route) => ({
        name: `${s.name}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-+$/, ''),
        paths: [`~${routeRegex(route.path)}`],
        methods: route.methods,
        strip_path: false,
        preserve_host: false,
      })),
    }));
  const config = {
    _format_version: '3.0',
    services,
    plugins: [
      { name: 'rate-limiting', config: { minute: 600, policy: 'local', limit_by: 'ip' } },
      { name: 'correlation-id', config: { header_name: 'X-Request-Id', generator: 'uuid#counter', echo_downstream: true } },
      { name: 'prometheus', config: { status_code_metrics: true, latency_metrics: true, per_consumer: false } },
    ],
  };
  const header = [
    '# Kong declarative configuration (DB-less). Routes are the contract paths: `plan gateway-routes` checks both ways.',
    '# Validate with Kong itself: docker run --rm -v "$PWD/infra/gateway:/kong" kong:3.7 kong config parse /kong/kong.yml',
  ].join('\n');
  return new Map([[GATEWAY_PATH, `${header}\n${stringify(config, { lineWidth: 0, aliasDuplicateObjects: false })}`]]);
}
