import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { renderCiWorkflow } from '../packages/plan/src/skills/ci-workflow/render-ci-workflow';
import { renderCompose } from '../packages/plan/src/skills/compose/render-compose';
import { infraProofs } from '../packages/plan/src/skills/infra-stack/infra-proofs';
import type { Stack } from '../packages/plan/src/skills/infra-stack/stack';
import { renderRealm } from '../packages/plan/src/skills/keycloak-realm/render-realm';
import { renderGateway } from '../packages/plan/src/skills/kong-gateway/render-gateway';
import { LOAD_TEST_PATH, renderLoadTest } from '../packages/plan/src/skills/load-test/render-load-test';
import { renderMonitoring } from '../packages/plan/src/skills/monitoring/render-monitoring';
import { renderNodeDockerfile } from '../packages/plan/src/skills/node-dockerfile/render-dockerfile';
import { buildContract, CONTRACT_PATH, renderContractYaml } from '../packages/plan/src/skills/openapi-contract';
import { Workspace } from './utils/workspace';

/**
 * Issue 13's infrastructure skills and checks through the real nx CLI and the packed plugin, in
 * ONE workspace: a plan whose tasks are the infra items with the proofs infraProofs() gives them
 * (compose, gateway, auth, monitoring, CI/CD, Dockerfile, load), over the files the skills render
 * for a payments contract. `nx run-many -t verify` verifies every task (the load test runs
 * autocannon against a small server on loopback); then each mutation of issue 13 fails exactly
 * its task, naming the file and line.
 */
const PLAN = 'infra';
const contract = buildContract({ serviceName: 'payments', resources: ['payments', 'refunds'] });
const api = {
  name: 'api',
  context: '.',
  dockerfile: 'Dockerfile',
  port: 3000,
  healthPath: '/health',
  readyPath: '/ready',
  metricsPath: '/metrics',
  contract,
};
const stack: Stack = { name: 'payments', title: 'Payments', services: [api], broker: 'rabbitmq', tracing: false, gatewayPort: 8000 };
// A stand-in for the service under load (the api-service kind starts the real one): answers every request with JSON.
const SERVER = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }); res.end('{}'); }); }).listen(Number(process.env.PORT), process.env.HOST);\n`;

function files(): Map<string, string> {
  return new Map([
    [CONTRACT_PATH, renderContractYaml(contract)],
    ...renderCompose(stack),
    ...renderGateway(stack),
    ...renderRealm(stack),
    ...renderMonitoring(stack),
    ...renderCiWorkflow(stack, PLAN),
    ...renderNodeDockerfile(stack, api, { serviceDir: 'api', command: ['node', 'server.js'] }),
    ...renderLoadTest(contract, { duration: 3, thresholds: { p50Ms: 200, p99Ms: 1000, minRps: 20 } }),
    ['tests/load/server.js', SERVER],
  ]);
}

function planYaml(): string {
  const proofs = infraProofs({
    contract: CONTRACT_PATH,
    load: { spec: LOAD_TEST_PATH, command: 'node tests/load/server.js', port: 38_431 },
  });
  const tasks = (['compose', 'gateway', 'auth', 'monitoring', 'cicd', 'dockerfile', 'load'] as const).map((key, i) => ({
    id: `1.${i + 1}`,
    key,
    title: `Infrastructure: ${key}`,
    estimate: 10,
    files: (proofs[key].files ?? []).map((f) => ({ path: f.path, action: 'create' })),
    ...(proofs[key].inputs ? { inputs: proofs[key].inputs } : {}),
    checks: proofs[key].checks,
  }));
  return stringify({
    version: 1,
    name: PLAN,
    kind: 'custom',
    title: 'Infrastructure skills',
    phases: [{ id: '1', title: 'Infrastructure', tasks }],
  });
}

interface Row {
  key: string;
  status: string;
  firstFinding?: { file: string; line?: number; message: string; rule: string };
}

describe('infrastructure skills and checks (packed plugin, real nx)', () => {
  let ws: Workspace;
  const file = (relative: string) => path.join(ws.root, PLAN, relative);
  const edit = (relative: string, change: (text: string) => string) => {
    const before = readFileSync(file(relative), 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`mutation of ${relative} changed nothing`);
    writeFileSync(file(relative), after);
  };
  const rows = (): Row[] => {
    const run = ws.plan('status', PLAN, '--json');
    if (run.code !== 0 && run.code !== 1) throw new Error(`plan status failed:\n${run.output}`);
    return JSON.parse(run.stdout).rows as Row[];
  };
  const failedAfter = (mutate: () => void): Row[] => {
    mutate();
    const run = ws.nx('run-many', '-t', 'verify');
    expect(run.code).not.toBe(0);
    const failed = rows().filter((r) => r.status === 'failed');
    ws.sh('git', ['checkout', '--', '.']);
    return failed;
  };
  const lineOf = (relative: string, needle: string) =>
    readFileSync(file(relative), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1;

  beforeAll(() => {
    ws = Workspace.create('infra');
    for (const [relative, content] of files()) ws.write(`${PLAN}/${relative}`, content);
    ws.write(`${PLAN}/plan.yaml`, planYaml());
    ws.commit('infra plan');
  });

  it('verifies every infrastructure task through nx, the load test included', () => {
    const run = ws.nx('run-many', '-t', 'verify');
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(rows().map((r) => `${r.key}:${r.status}`)).toEqual([
      'compose:verified',
      'gateway:verified',
      'auth:verified',
      'monitoring:verified',
      'cicd:verified',
      'dockerfile:verified',
      'load:verified',
    ]);
  });

  it('depends_on a missing service fails the compose task only, at its line', () => {
    let line = 0;
    const failed = failedAfter(() => {
      edit('docker-compose.yml', (t) =>
        t.replace('\n      redis:\n        condition: service_healthy', '\n      cache:\n        condition: service_healthy'),
      );
      line = lineOf('docker-compose.yml', '      cache:');
    });
    expect(failed.map((r) => [r.key, r.firstFinding?.rule, r.firstFinding?.file, r.firstFinding?.line])).toEqual([
      ['compose', 'compose/depends-on-unknown', expect.stringMatching(/(^|\/)docker-compose\.yml$/), line],
    ]);
  });

  it('a gateway route to a path not in the contract fails the gateway task only, at the route line', () => {
    let line = 0;
    const failed = failedAfter(() => {
      edit('infra/gateway/kong.yml', (t) => t.replace('~/v1/refunds$', '~/v1/refund-requests$'));
      line = lineOf('infra/gateway/kong.yml', '~/v1/refund-requests$');
    });
    expect(failed.map((r) => [r.key, r.firstFinding?.rule, r.firstFinding?.file, r.firstFinding?.line])).toEqual([
      ['gateway', 'gateway/route-not-in-contract', expect.stringMatching(/(^|\/)infra\/gateway\/kong\.yml$/), line],
    ]);
  });

  it('the HEALTHCHECK removed fails the Dockerfile task only', () => {
    const failed = failedAfter(() => edit('Dockerfile', (t) => t.replace(/HEALTHCHECK [^\n]*\\\n[^\n]*\n/, '')));
    expect(failed.map((r) => [r.key, r.firstFinding?.file])).toEqual([['dockerfile', expect.stringMatching(/(^|\/)Dockerfile$/)]]);
  });

  it('a realm missing a scope fails the auth task only, at the realm file', () => {
    const failed = failedAfter(() =>
      edit('infra/keycloak/realm.json', (t) => {
        const realm = JSON.parse(t);
        realm.clientScopes = realm.clientScopes.filter((s: { name: string }) => s.name !== 'refunds:write');
        for (const c of realm.clients) c.optionalClientScopes = c.optionalClientScopes.filter((s: string) => s !== 'refunds:write');
        realm.scopeMappings = realm.scopeMappings.filter((m: { clientScope: string }) => m.clientScope !== 'refunds:write');
        return JSON.stringify(realm, null, 2);
      }),
    );
    expect(failed.map((r) => [r.key, r.firstFinding?.rule, r.firstFinding?.file])).toEqual([
      ['auth', 'realm/scope-missing', expect.stringMatching(/(^|\/)infra\/keycloak\/realm\.json$/)],
    ]);
  });
});
