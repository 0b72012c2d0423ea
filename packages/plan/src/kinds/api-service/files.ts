import { renderCiWorkflow } from '../../skills/ci-workflow/render-ci-workflow';
import { renderCompose } from '../../skills/compose/render-compose';
import { FASTIFY_SERVICE_DEPENDENCIES, renderFastifyService } from '../../skills/fastify-service';
import type { Stack, StackWeb } from '../../skills/infra-stack/stack';
import { renderRealm } from '../../skills/keycloak-realm/render-realm';
import { renderGateway } from '../../skills/kong-gateway/render-gateway';
import { renderLoadTest } from '../../skills/load-test/render-load-test';
import { renderMonitoring } from '../../skills/monitoring/render-monitoring';
import { renderNodeDockerfile } from '../../skills/node-dockerfile/render-dockerfile';
import { CONTRACT_PATH, renderContractYaml, renderRequirements } from '../../skills/openapi-contract';
import { PACT_DEPENDENCY, renderPactConsumer } from '../../skills/pact-consumer/render-pact';
import { PRISM_DEPENDENCY, renderMock } from '../../skills/prism-mock/render-mock';
import { renderDocs, SWAGGER_UI_DEPENDENCY } from '../../skills/swagger-docs/render-docs';
import { renderSdk } from '../../skills/typescript-sdk';
import { PORTS, type ApiServiceContext } from './context';

/** The one service of an api-service plan, as the infrastructure skills see it (web-app adds its web app). */
export function apiStack(ctx: ApiServiceContext, web?: StackWeb): Stack {
  return {
    ...(web ? { web } : {}),
    name: ctx.name,
    title: ctx.title,
    services: [
      {
        name: 'api',
        context: '.',
        dockerfile: 'Dockerfile',
        port: 3000,
        healthPath: '/health',
        readyPath: '/ready',
        metricsPath: '/metrics',
        contract: ctx.contract,
      },
    ],
    broker: 'rabbitmq',
    tracing: false,
    gatewayPort: 8000,
  };
}

/**
 * What verifying the plan writes inside it: the SDK's and the docs' builds and the pacts the
 * consumer tests record. Ignored so a verified plan leaves git clean and, above all, so they do not
 * enter the items' input hashes (sdk/, docs/, tests/contract/): otherwise every run after the first
 * misses Nx's cache and verifies everything again. At the plan's root: npm drops `.gitignore` files
 * from the published package, so a template's own would never reach a user.
 */
export const API_SERVICE_GITIGNORE = '# Written by verification: builds and recorded pacts\nsdk/dist/\ndocs/dist/\ntests/contract/pacts/\n';

/** Every file of the plan except plan.yaml, PLAN.md and the manifest: the skills, each once. */
export function apiServiceFiles(ctx: ApiServiceContext, extra: { web?: StackWeb; playwrightReport?: string } = {}): Map<string, string> {
  const stack = apiStack(ctx, extra.web);
  return new Map([
    ['.gitignore', API_SERVICE_GITIGNORE],
    [CONTRACT_PATH, renderContractYaml(ctx.contract)],
    ...renderRequirements({ resources: ctx.resources }),
    ...renderFastifyService({ serviceName: ctx.name, resources: ctx.resources }),
    ...renderMock({ port: PORTS.mock }),
    ...renderSdk(ctx.contract, { serviceName: ctx.name }),
    ...renderDocs({ serviceName: ctx.name }),
    ...renderCompose(stack),
    ...renderGateway(stack),
    ...renderRealm(stack),
    ...renderMonitoring(stack),
    ...renderNodeDockerfile(stack, stack.services[0], {
      serviceDir: 'api',
      command: ['node_modules/.bin/tsx', 'src/server.ts'],
      copy: ['contracts'],
      devDependencies: true,
      env: { CONTRACT_PATH: '/app/contracts/openapi.yaml' },
    }),
    ...renderCiWorkflow(stack, ctx.planDir, { playwrightReport: extra.playwrightReport }),
    // The plan's checks run in parallel (several start the service at once) on shared CI runners:
    // thresholds that catch a blocking or failing handler, not a tuned production latency.
    // Measured on 2 cores at load average 12-22 (niced): the service as generated p50 105-177 ms,
    // p99 251-798 ms, 49-88 req/s; one handler blocking the event loop 150 ms: p99 1.7-1.9 s,
    // 17 req/s. Latency alone is too noisy there to tell them apart; throughput is not.
    ...renderLoadTest(ctx.contract, { thresholds: { p50Ms: 500, p99Ms: 3000, minRps: 25 } }),
    ...renderPactConsumer(ctx.contract, { consumer: `${ctx.name}-sdk`, provider: `${ctx.name}-api` }),
  ]);
}

/** What the generated code needs in the workspace (Nx style: added to package.json, installed at the end). */
export function apiServicePackages(): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  return {
    dependencies: { ...FASTIFY_SERVICE_DEPENDENCIES.dependencies },
    devDependencies: {
      ...FASTIFY_SERVICE_DEPENDENCIES.devDependencies,
      ...PRISM_DEPENDENCY.devDependencies,
      ...SWAGGER_UI_DEPENDENCY.devDependencies,
      ...PACT_DEPENDENCY,
    },
  };
}
