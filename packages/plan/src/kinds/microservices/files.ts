import { stringify } from 'yaml';
import { renderCompose } from '../../skills/compose/render-compose';
import { Stack } from '../../skills/infra-stack/stack';
import { renderK8s } from '../../skills/k8s-service/k8s-service';
import { renderMonitoring } from '../../skills/monitoring/render-monitoring';
import { renderRealm } from '../../skills/keycloak-realm/render-realm';
import { renderGateway } from '../../skills/kong-gateway/render-gateway';
import { renderNodeDockerfile } from '../../skills/node-dockerfile/render-dockerfile';
import { renderMock } from '../../skills/prism-mock/render-mock';
import { PACT_DIR, renderPactConsumer } from '../../skills/pact-consumer/render-pact';
import { buildContract, defaultIssuer, renderContractYaml } from '../../skills/openapi-contract';
import { renderFastifyService } from '../../skills/fastify-service';
import { CATALOG_PATH, EVENTS_PATH, MicroSystem, renderCatalog, renderEventsYaml, renderServiceLinks } from '../../skills/service-links';
import { renderTerraform } from '../../skills/terraform-platform/terraform-platform';
import type { MicroservicesContext } from './context';

/** Plan-relative paths of a service's artifacts. */
export const servicePaths = (service: string) => ({
  dir: `services/${service}`,
  contract: `contracts/${service}/openapi.yaml`,
  dockerfile: `services/${service}/Dockerfile`,
  /** Consumer contract tests of the service's calls to `callee`, and the pact they write. */
  pactDir: (callee: string) => `services/${service}/${PACT_DIR}/${callee}`,
  workflow: `.github/workflows/${service}.yml`,
  k8s: `deploy/k8s/${service}`,
  /** The service's Prism mock, serving its contract (A.4). */
  mockDir: `mocks/${service}`,
  mock: `mocks/${service}/start.sh`,
});

/** The mock of a service listens 1000 above the service's port, so both can run at once. */
export const mockPort = (service: { port: number }) => service.port + 1000;

/** A service's contract; its tokens come from the system's one Keycloak realm (infra/keycloak/realm.json). */
export const serviceContract = (ctx: MicroservicesContext, service: string) =>
  buildContract({ serviceName: service, resources: [service], issuer: defaultIssuer(ctx.name) });

export function microSystem(ctx: MicroservicesContext): MicroSystem {
  return { name: ctx.name, services: ctx.services, events: ctx.events };
}

/** The infrastructure skills' view of the system: a database per service, RabbitMQ, tracing. */
export function microStack(ctx: MicroservicesContext): Stack {
  return {
    name: ctx.name,
    title: ctx.title,
    broker: 'rabbitmq',
    tracing: true,
    gatewayPort: 8000,
    services: ctx.services.map((s) => ({
      name: s.name,
      context: '.',
      dockerfile: servicePaths(s.name).dockerfile,
      port: s.port,
      healthPath: '/health',
      readyPath: '/ready',
      metricsPath: '/metrics',
      contract: serviceContract(ctx, s.name),
      database: s.name.replace(/-/g, '_'),
    })),
  };
}

export function microservicesFiles(ctx: MicroservicesContext): Map<string, string> {
  const out = new Map<string, string>();
  const add = (files: Map<string, string>) => {
    for (const [p, c] of files) out.set(p, c);
  };
  const system = microSystem(ctx);
  const stack = microStack(ctx);
  out.set(CATALOG_PATH, renderCatalog(system));
  out.set(EVENTS_PATH, renderEventsYaml(system));
  for (const s of ctx.services) {
    const paths = servicePaths(s.name);
    out.set(paths.contract, renderContractYaml(serviceContract(ctx, s.name)));
    add(renderMock({ contractPath: paths.contract, port: mockPort(s), dir: paths.mockDir }));
    add(
      renderFastifyService({
        serviceName: s.name,
        resources: [s.name],
        dir: paths.dir,
        contractPath: paths.contract,
        issuer: defaultIssuer(ctx.name),
      }),
    );
    add(renderServiceLinks(system, s.name));
    for (const callee of s.calls) {
      const tests = renderPactConsumer(serviceContract(ctx, callee), { consumer: s.name, provider: callee });
      for (const [p, c] of tests) out.set(`${paths.pactDir(callee)}/${p.slice(PACT_DIR.length + 1)}`, c);
    }
    const stackService = stack.services.find((x) => x.name === s.name)!;
    add(
      renderNodeDockerfile(stack, stackService, {
        serviceDir: paths.dir,
        command: ['node_modules/.bin/tsx', 'src/server.ts'],
        copy: [`contracts/${s.name}`],
        devDependencies: true,
        env: { CONTRACT_PATH: `/app/${paths.contract}` },
      }),
    );
    out.set(paths.workflow, serviceWorkflow(ctx, s.name));
  }
  // Pacts are what the consumer tests write when they run: outputs, not sources.
  out.set('.gitignore', 'services/*/tests/contract/*/pacts/\n');
  add(renderK8s(ctx.platform, ctx.services));
  add(
    renderTerraform({
      system: ctx.name,
      namespace: ctx.platform.namespace,
      registry: ctx.platform.registry,
      tag: ctx.platform.tag,
      services: ctx.services,
    }),
  );
  // The compose stack mounts the gateway's routes and the realm Keycloak imports.
  add(renderCompose(stack));
  add(renderGateway(stack));
  add(renderRealm(stack));
  add(renderMonitoring(stack));
  return out;
}

/** CI of one service: only its paths trigger it; type-check, tests, contract, image build. */
function serviceWorkflow(ctx: MicroservicesContext, service: string): string {
  const paths = servicePaths(service);
  const workflow = {
    name: `${service} CI`,
    on: {
      push: { branches: ['main'], paths: [`${paths.dir}/**`, `${paths.contract}`, `${EVENTS_PATH}`, `${paths.k8s}/**`] },
      pull_request: { paths: [`${paths.dir}/**`, `${paths.contract}`, `${EVENTS_PATH}`, `${paths.k8s}/**`] },
    },
    permissions: { contents: 'read' },
    jobs: {
      test: {
        'runs-on': 'ubuntu-24.04',
        defaults: { run: { 'working-directory': paths.dir } },
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
          { run: 'npm install --no-audit --no-fund' },
          { run: 'npm run typecheck' },
          { run: 'npm test' },
        ],
      },
      image: {
        needs: 'test',
        'runs-on': 'ubuntu-24.04',
        steps: [
          { uses: 'actions/checkout@v4' },
          { run: `docker build -f ${paths.dockerfile} -t ${ctx.name}-${service}:\${{ github.sha }} .` },
        ],
      },
    },
  };
  return `# CI of ${service}: runs when its code, its contract, the events contract or its manifests change.\n${stringify(workflow, { lineWidth: 0 })}`;
}
