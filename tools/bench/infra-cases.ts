/**
 * Bench inputs for the infrastructure checks of issue 13 (gateway-routes, realm-scopes,
 * load-test): the payments contract and the files the skills render from it, measured per file
 * against files-exist by tools/bench/checks.ts. load-test runs a 1-second load against a small
 * Node server on loopback, so its figure is dominated by that second and the service start.
 */
import { PAYMENTS_FILES } from '../../packages/plan/src/testing/payments-stack';
import { BenchCase, put } from './cases';

export function infraCases(root: string): BenchCase[] {
  const contract = put(root, 'infra-bench/contracts/openapi.yaml', PAYMENTS_FILES.contractYaml);
  const kong = put(root, 'infra-bench/infra/gateway/kong.yml', PAYMENTS_FILES.kongYaml);
  const realm = put(root, 'infra-bench/infra/keycloak/realm.json', PAYMENTS_FILES.realmJson);
  const server = put(
    root,
    'infra-bench/server.js',
    "require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json' }); s.end('{}'); }).listen(Number(process.env.PORT), '127.0.0.1');\n",
  );
  const load = put(
    root,
    'infra-bench/load.yaml',
    'duration: 1\nconnections: 4\nwarmup: 0\nrequests:\n  - { method: GET, path: /v1/payments }\nthresholds: { p99Ms: 1000, maxErrorRate: 0.01 }\n',
  );
  return [
    {
      label: 'gateway-routes',
      check: 'gateway-routes',
      paths: [kong],
      options: { contract },
      files: [
        { path: kong, kind: 'yaml' },
        { path: contract, kind: 'yaml' },
      ],
    },
    {
      label: 'realm-scopes',
      check: 'realm-scopes',
      paths: [realm],
      options: { contract },
      files: [
        { path: realm, kind: 'json' },
        { path: contract, kind: 'yaml' },
      ],
    },
    {
      label: 'load-test (1 s of load)',
      check: 'load-test',
      paths: [load],
      options: { command: `exec node ${server}`, port: 38917, timeout: 20 },
      files: [{ path: load, kind: 'yaml' }],
      warm: 1,
    },
  ];
}
