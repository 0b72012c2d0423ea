import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CheckResult } from '../../checks/contract';
import { buildContract, renderContractYaml } from '../openapi-contract';
import { renderCompose } from '../compose/render-compose';
import { renderGateway } from '../kong-gateway/render-gateway';
import { renderRealm } from '../keycloak-realm/render-realm';
import { renderMonitoring } from '../monitoring/render-monitoring';
import { renderNodeDockerfile } from '../node-dockerfile/render-dockerfile';
import { renderCiWorkflow } from '../ci-workflow/render-ci-workflow';
import { renderLoadTest } from '../load-test/render-load-test';
import { renderPactConsumer } from '../pact-consumer/render-pact';
import { readLoadSpec } from '../../checks/load-test/load-spec';
import { findProof } from '../../kinds/overlay';
import { apiServiceInfraOverlay, infraProofs } from './infra-proofs';
import { execFileSync } from 'node:child_process';
import { Stack } from './stack';
import { PAYMENTS_API as api, PAYMENTS_CONTRACT as contract, paymentsStack } from '../../testing/payments-stack';

/**
 * The infrastructure skills rendered for a payments service and judged by the checks that prove
 * their plan items; each mutation named in issue 13 fails exactly its check, at the file and line.
 */
const stack = paymentsStack('Payments "API" #1');

function render(s: Stack): Map<string, string> {
  return new Map([
    ['contracts/openapi.yaml', renderContractYaml(contract)],
    ...renderCompose(s),
    ...renderGateway(s),
    ...renderRealm(s),
    ...renderMonitoring(s),
    ...renderNodeDockerfile(s, s.services[0], {
      serviceDir: 'api',
      command: ['node_modules/.bin/tsx', 'src/server.ts'],
      copy: ['contracts'],
      devDependencies: true,
      env: { CONTRACT_PATH: '/app/contracts/openapi.yaml' },
    }),
    ...renderCiWorkflow(s, 'payments'),
    ...renderLoadTest(contract),
    ...renderPactConsumer(contract, { consumer: 'payments-sdk', provider: 'payments-api' }),
  ]);
}

const root = mkdtempSync(path.join(tmpdir(), 'infra-skills-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function write(files: Map<string, string>): string {
  const dir = path.join(root, String(n++));
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function runCheck(name: string, dir: string, paths: string[], options: Record<string, unknown> = {}): Promise<CheckResult> {
  const { check } = require(`../../checks/${name}/${name}`);
  return check.run(paths, options, { cwd: dir });
}
const contractOption = { contract: 'contracts/openapi.yaml' };
const brief = (r: CheckResult) => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}@${f.file}:${f.line}`);

/** Every infra item's check on one plan folder. */
async function judge(dir: string): Promise<Record<string, string[]>> {
  return {
    compose: brief(await runCheck('validate-compose', dir, ['docker-compose.yml'])),
    gateway: brief(await runCheck('gateway-routes', dir, ['infra/gateway/kong.yml'], contractOption)),
    auth: brief(await runCheck('realm-scopes', dir, ['infra/keycloak/realm.json'], contractOption)),
    dockerfile: brief(await runCheck('scan-dockerfile', dir, ['Dockerfile'])),
    monitoring: brief(await runCheck('prometheus-config', dir, ['infra/prometheus/prometheus.yml', 'infra/prometheus/alerts.yml'])),
    cicd: brief(await runCheck('validate-workflow', dir, ['.github/workflows/ci.yml'])),
  };
}
const clean = { compose: [], gateway: [], auth: [], dockerfile: [], monitoring: [], cicd: [] };

describe('infrastructure skills', () => {
  const files = render(stack);

  it('renders files every check accepts', async () => {
    expect([...files.keys()].sort()).toEqual([
      '.dockerignore',
      '.env.example',
      '.github/workflows/ci.yml',
      'Dockerfile',
      'contracts/openapi.yaml',
      'docker-compose.yml',
      'infra/gateway/kong.yml',
      'infra/grafana/dashboards/services.json',
      'infra/grafana/provisioning/dashboards/dashboards.yml',
      'infra/grafana/provisioning/datasources/prometheus.yml',
      'infra/keycloak/realm.json',
      'infra/prometheus/alerts.yml',
      'infra/prometheus/prometheus.yml',
      'tests/contract/payments-sdk.pact.test.mjs',
      'tests/load/load-test.yaml',
    ]);
    const dir = write(files);
    expect(await judge(dir)).toEqual(clean);
    const realm = JSON.parse(files.get('infra/keycloak/realm.json')!);
    expect(realm.clientScopes.map((s: { name: string }) => s.name)).toEqual([
      'payments:read',
      'payments:write',
      'refunds:read',
      'refunds:write',
      'api-audience',
    ]);
  });

  it('writes a load test the load-test check reads and Pact tests Node can parse', () => {
    const load = readLoadSpec(files.get('tests/load/load-test.yaml')!, 'tests/load/load-test.yaml');
    expect(load.findings).toEqual([]);
    expect(load.spec!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/payments?limit=10',
      'POST /v1/payments',
      'GET /v1/refunds?limit=10',
      'POST /v1/refunds',
    ]);
    const dir = write(files);
    execFileSync(process.execPath, ['--check', path.join(dir, 'tests/contract/payments-sdk.pact.test.mjs')]);
    const pact = files.get('tests/contract/payments-sdk.pact.test.mjs')!;
    expect(pact.match(/^test\(/gm)).toHaveLength(10);
    expect(pact).toMatch(/path: "\/v1\/payments\/[^"{}]+",/);
  });

  it('gives every infrastructure item of Template 2 its proof', () => {
    const overlay = apiServiceInfraOverlay({
      contract: 'contracts/openapi.yaml',
      load: { spec: 'tests/load/load-test.yaml', command: 'npm start --prefix api', port: 3999 },
      pact: { dir: 'tests/contract', command: 'node --test tests/contract/' },
    });
    const uses = (text: string, scope: 'stream' | 'integration' = 'stream') => findProof(overlay, scope, text)?.checks?.map((c) => c.uses);
    expect(uses('Create docker-compose.yml with all dependencies (db, cache, message broker)')).toEqual(['validate-compose']);
    expect(uses('Set up API Gateway configuration')).toEqual(['gateway-routes']);
    expect(uses('Configure authentication service (Keycloak/OIDC)')).toEqual(['realm-scopes']);
    expect(uses('Set up monitoring and logging stack (Prometheus/Grafana)')).toEqual(['prometheus-config']);
    expect(uses('Set up CI/CD pipeline for automated testing/deployment')).toEqual(['validate-workflow']);
    expect(uses('Configure code quality and security scanning')).toEqual(['scan-dockerfile']);
    expect(uses('Implement performance and load testing')).toEqual(['load-test']);
    expect(uses('Set up consumer-driven contract testing')).toEqual(['command']);
    expect(uses('Monitoring and alerting fully configured', 'integration')).toEqual(['prometheus-config']);
    expect(infraProofs({ contract: 'c.yaml' }).load).toEqual({ unprovable: expect.any(String) });
  });

  it('is deterministic', () => {
    expect(render(stack)).toEqual(files);
  });

  const mutate = (file: string, from: string | RegExp, to: string) => {
    const text = files.get(file)!;
    const changed = text.replace(from, to);
    if (changed === text) throw new Error(`mutation of ${file} changed nothing`);
    return write(new Map([...files, [file, changed]]));
  };

  it('depends_on a missing service fails the compose item only, at its line', async () => {
    const dir = mutate(
      'docker-compose.yml',
      /\n      redis:\n        condition: service_healthy/,
      '\n      cache:\n        condition: service_healthy',
    );
    const line =
      files
        .get('docker-compose.yml')!
        .split('\n')
        .findIndex((l, i, all) => l === '      redis:' && all[i + 1]?.includes('service_healthy')) + 1;
    expect(await judge(dir)).toEqual({ ...clean, compose: [`compose/depends-on-unknown@docker-compose.yml:${line}`] });
  });

  it('a gateway route to a path not in the contract fails the gateway item only, at the route line', async () => {
    const dir = mutate('infra/gateway/kong.yml', '~/v1/refunds$', '~/v1/refund-requests$');
    const line =
      files
        .get('infra/gateway/kong.yml')!
        .split('\n')
        .findIndex((l) => l.includes('~/v1/refunds$')) + 1;
    const result = await judge(dir);
    expect(result).toEqual({
      ...clean,
      gateway: [
        `gateway/route-not-in-contract@infra/gateway/kong.yml:${line}`,
        expect.stringMatching(/^gateway\/operation-unrouted@contracts\/openapi.yaml:\d+$/),
        expect.stringMatching(/^gateway\/operation-unrouted@contracts\/openapi.yaml:\d+$/),
      ],
    });
  });

  it('the HEALTHCHECK removed fails the Dockerfile item only', async () => {
    const dir = mutate('Dockerfile', /HEALTHCHECK [^\n]*\\\n[^\n]*\n/, '');
    const result = await judge(dir);
    expect(result).toEqual({ ...clean, dockerfile: [expect.stringMatching(/^[A-Za-z0-9/-]+@Dockerfile:\d+$/)] });
  });

  it('a realm missing a scope fails the auth item only, at the realm file', async () => {
    const realm = JSON.parse(files.get('infra/keycloak/realm.json')!);
    realm.clientScopes = realm.clientScopes.filter((s: { name: string }) => s.name !== 'refunds:write');
    for (const client of realm.clients)
      client.optionalClientScopes = client.optionalClientScopes.filter((s: string) => s !== 'refunds:write');
    realm.scopeMappings = realm.scopeMappings.filter((m: { clientScope: string }) => m.clientScope !== 'refunds:write');
    const dir = write(new Map([...files, ['infra/keycloak/realm.json', JSON.stringify(realm, null, 2)]]));
    const line =
      JSON.stringify(realm, null, 2)
        .split('\n')
        .findIndex((l) => l.includes('"clientScopes"')) + 1;
    expect(await judge(dir)).toEqual({ ...clean, auth: [`realm/scope-missing@infra/keycloak/realm.json:${line}`] });
  });

  it('microservices: per-service databases, NATS, Jaeger and a web app render files the checks accept', async () => {
    const orders = buildContract({ serviceName: 'orders', resources: ['orders'] });
    const big: Stack = {
      ...stack,
      name: 'shop',
      broker: 'nats',
      tracing: true,
      services: [
        { ...api, name: 'payments', database: 'payments' },
        { ...api, name: 'orders', context: 'services/orders', contract: orders, database: 'orders' },
      ],
      web: { name: 'web', context: 'web', dockerfile: 'Dockerfile', port: 4200, healthPath: '/' },
    };
    const out = new Map([
      ...renderCompose(big),
      ...renderGateway(big),
      ...renderRealm(big),
      ['contracts/openapi.yaml', renderContractYaml(contract)],
    ]);
    const dir = write(out);
    expect(brief(await runCheck('validate-compose', dir, ['docker-compose.yml']))).toEqual([]);
    const compose = out.get('docker-compose.yml')!;
    expect(compose).toContain('payments-db:');
    expect(compose).toContain('jaeger:');
    expect(compose).toContain('nats:');
    const kong = out.get('infra/gateway/kong.yml')!;
    expect(kong).toContain('url: http://orders:3000');
    expect(kong).toContain('~/v1/orders/(?<orderId>[^/]+)$');
  });

  it('refuses names that would not be inert in the files', () => {
    expect(() => renderCompose({ ...stack, name: 'Pay ments' })).toThrow('Invalid infrastructure stack: name "Pay ments"');
    expect(() => renderGateway({ ...stack, services: [{ ...api, healthPath: '/health"; rm -rf /' }] })).toThrow('healthPath of api');
    expect(() => renderCompose({ ...stack, services: [{ ...api, name: 'postgres' }] })).toThrow('service name (taken)');
  });
});
