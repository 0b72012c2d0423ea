import { SERVICE_TESTS } from '../../skills/fastify-service';
import { K8S_DIR } from '../../skills/k8s-service/k8s-service';
import { PACT_DIR } from '../../skills/pact-consumer/render-pact';
import { ALERT_RULES, PROMETHEUS_CONFIG } from '../../skills/monitoring/render-monitoring';
import { CATALOG_PATH, EVENTS_PATH } from '../../skills/service-links';
import { TERRAFORM_DIR } from '../../skills/terraform-platform/terraform-platform';
import type { ItemOverlayEntry, ItemProof } from '../kind-module';
import type { MicroservicesContext } from './context';
import { servicePaths } from './files';

/**
 * What proves each item of Template 6. Each check reads exactly the files of its concern, so a
 * broken file fails the item it belongs to and no other: a Service selector → discovery, an
 * HTTPRoute → the gateway routes, a PeerAuthentication → mTLS, a consumed event without producer →
 * the event schemas, a dropped field → the contract tests. Items no machine can prove here (a
 * service registry, feature flags, production rollout) have no check and stay unproven.
 */
const MANIFESTS = [
  'deployment',
  'service',
  'hpa',
  'pod-disruption-budget',
  'network-policy',
  'virtual-service',
  'destination-rule',
  'peer-authentication',
  'http-routes',
];

/** The mesh's platform manifests: namespaces (sidecar injection), the Gateway, namespace-wide STRICT mTLS. */
const platformPaths = () => ['namespace', 'gateway', 'peer-authentication'].map((f) => `${K8S_DIR}/platform/${f}.yaml`);

export function k8sPaths(ctx: MicroservicesContext): string[] {
  return [...platformPaths(), ...ctx.services.flatMap((s) => MANIFESTS.map((f) => `${K8S_DIR}/${s.name}/${f}.yaml`))];
}

const mesh = (ctx: MicroservicesContext, aspects: string[], extra: Record<string, unknown> = {}): ItemProof => ({
  checks: [{ uses: 'service-mesh', with: { paths: k8sPaths(ctx), aspects, ...extra } }],
  inputs: [`${K8S_DIR}/`],
});

/** A shell command run in the plan folder for each of the services (the command check). */
// Generous: the services' tests start Fastify and PGlite per file, slow on a loaded 2-core CI machine.
const perService = (services: string[], command: (service: string) => string, timeout = 900): NonNullable<ItemProof['checks']> => [
  { uses: 'command', with: { command: services.map((s) => `(cd ${servicePaths(s).dir} && ${command(s)})`).join(' && '), timeout } },
];

// tsx is loaded from the workspace's node_modules (Node resolves it upwards from the service folder).
const tests = (...files: string[]) => `node --import tsx --test ${files.join(' ')}`;

export function microservicesOverlay(ctx: MicroservicesContext): ItemOverlayEntry[] {
  const names = ctx.services.map((s) => s.name);
  const contracts = names.map((s) => servicePaths(s).contract);
  const serviceDirs = names.map((s) => `${servicePaths(s).dir}/`);
  const callers = ctx.services.filter((s) => s.calls.length > 0);
  const entries: ItemOverlayEntry[] = [
    // Stream A: Inter-Service API Contracts
    {
      scope: 'stream',
      match: /^Define service boundaries and responsibilities/,
      proof: { checks: [{ uses: 'event-flow', with: { paths: [CATALOG_PATH], services: CATALOG_PATH } }], files: [{ path: CATALOG_PATH }] },
    },
    {
      scope: 'stream',
      match: /^Create OpenAPI specifications for all inter-service communication/,
      proof: { checks: [{ uses: 'validate-openapi', with: { paths: contracts } }], files: contracts.map((path) => ({ path })) },
    },
    {
      scope: 'stream',
      match: /^Design event schemas for async communication/,
      proof: {
        checks: [
          { uses: 'validate-asyncapi', with: { paths: [EVENTS_PATH] } },
          { uses: 'event-flow', with: { paths: serviceDirs, events: EVENTS_PATH, only: 'events' } },
        ],
        files: [{ path: EVENTS_PATH }],
        inputs: serviceDirs,
      },
    },
    { scope: 'stream', match: /^Create service mesh configuration patterns/, proof: mesh(ctx, ['traffic']) },
    {
      scope: 'stream',
      match: /^Define service discovery and load balancing contracts/,
      proof: {
        checks: [
          { uses: 'validate-k8s', with: { paths: k8sPaths(ctx) } },
          { uses: 'service-mesh', with: { paths: k8sPaths(ctx), aspects: ['discovery'], services: CATALOG_PATH } },
        ],
        files: [{ path: `${K8S_DIR}/` }],
        inputs: [`${K8S_DIR}/`, CATALOG_PATH],
      },
    },
    // Stream B: Platform Infrastructure
    {
      scope: 'stream',
      match: /^Create docker-compose\.yml with all platform services/,
      proof: {
        checks: [{ uses: 'validate-compose', with: { paths: ['docker-compose.yml'] } }],
        files: [{ path: 'docker-compose.yml' }, { path: '.env.example' }],
      },
    },
    {
      scope: 'stream',
      match: /^Set up service mesh \(Istio\/Linkerd\)/,
      proof: {
        checks: [{ uses: 'validate-k8s', with: { paths: platformPaths() } }],
        files: platformPaths().map((path) => ({ path })),
      },
    },
    { scope: 'stream', match: /^Configure API Gateway with routing rules/, proof: mesh(ctx, ['routes']) },
    {
      scope: 'stream',
      match: /^Set up centralized logging and monitoring/,
      proof: {
        checks: [{ uses: 'prometheus-config', with: { paths: [PROMETHEUS_CONFIG, ALERT_RULES] } }],
        files: [{ path: PROMETHEUS_CONFIG }, { path: ALERT_RULES }],
      },
    },
    // Stream C: CI/CD & Deployment Pipeline
    {
      scope: 'stream',
      match: /^Create CI\/CD pipeline templates for microservices/,
      proof: {
        checks: [{ uses: 'validate-workflow', with: { paths: names.map((s) => servicePaths(s).workflow) } }],
        files: names.map((s) => ({ path: servicePaths(s).workflow })),
      },
    },
    {
      scope: 'stream',
      match: /^Set up container registry and image scanning/,
      proof: {
        checks: [{ uses: 'scan-dockerfile', with: { paths: names.map((s) => servicePaths(s).dockerfile) } }],
        files: names.map((s) => ({ path: servicePaths(s).dockerfile })),
      },
    },
    {
      scope: 'stream',
      match: /^Configure infrastructure as code/,
      proof: {
        checks: [{ uses: 'validate-terraform', with: { paths: [TERRAFORM_DIR, `${TERRAFORM_DIR}/modules/service`] } }],
        files: [{ path: `${TERRAFORM_DIR}/` }],
        inputs: [`${TERRAFORM_DIR}/`],
      },
    },
    {
      scope: 'stream',
      match: /^Set up service registry and discovery/,
      proof: { unprovable: 'Kubernetes DNS and the Services in deploy/k8s are the registry here; no Consul or Eureka is set up.' },
    },
    { scope: 'stream', match: /^Set up feature flag management system/, proof: { unprovable: 'No feature flag service is generated.' } },
    {
      scope: 'stream',
      match: /^Create deployment strategies/,
      proof: { unprovable: 'Canary and blue-green rollouts need a live cluster.' },
    },
    // Stream E: Core Business Services
    ...ctx.services.map((s): ItemOverlayEntry => ({
      scope: 'stream',
      match: new RegExp(`^Implement ${s.name} following API contract`),
      proof: {
        checks: [
          {
            uses: 'command',
            with: {
              command: `cd ${servicePaths(s.name).dir} && ${tests(SERVICE_TESTS.endpoints, SERVICE_TESTS.validation, SERVICE_TESTS.repositories)}`,
              timeout: 900,
            },
          },
          {
            uses: 'contract-test',
            with: {
              paths: [servicePaths(s.name).contract],
              command: `cd ${servicePaths(s.name).dir} && AUTH_MODE=contract-test CONTRACT_RESPONSE_VALIDATION=off RATE_LIMIT_MAX=1000000 LOG_LEVEL=warn node --import tsx src/server.ts`,
              port: s.port,
              readyPath: '/health',
              timeout: 180,
            },
          },
        ],
        files: [{ path: `${servicePaths(s.name).dir}/` }],
        inputs: [`${servicePaths(s.name).dir}/`, servicePaths(s.name).contract],
      },
    })),
    { scope: 'stream', match: /^Add service-to-service authentication \(mTLS\)/, proof: mesh(ctx, ['mtls']) },
    {
      scope: 'stream',
      match: /^Implement circuit breakers and retry logic/,
      proof: callers.length
        ? {
            checks: perService(
              callers.map((c) => c.name),
              (s) => tests(...ctx.services.find((c) => c.name === s)!.calls.map((callee) => `test/resilience-${callee}.test.ts`)),
            ),
            inputs: callers.map((c) => `${servicePaths(c.name).dir}/`),
          }
        : { unprovable: 'No service calls another one.' },
    },
    {
      scope: 'stream',
      match: /^Add health checks and service metrics/,
      proof: { checks: perService(names, () => tests(SERVICE_TESTS.health, SERVICE_TESTS.metrics)), inputs: serviceDirs },
    },
    // Stream H: Testing & Validation Framework
    {
      scope: 'stream',
      match: /^Create contract testing between services \(Pact\)/,
      proof: callers.length
        ? {
            checks: [
              ...perService(
                callers.map((c) => c.name),
                () => `node --test ${PACT_DIR}/`,
              ),
              {
                uses: 'pact-contract',
                with: { paths: callers.flatMap((c) => c.calls.map((callee) => `${servicePaths(c.name).pactDir(callee)}/pacts`)) },
              },
            ],
            files: callers.flatMap((c) => c.calls.map((callee) => ({ path: `${servicePaths(c.name).pactDir(callee)}/` }))),
            inputs: [...callers.map((c) => `${servicePaths(c.name).dir}/${PACT_DIR}/`), ...contracts],
          }
        : { unprovable: 'No service calls another one: there is no consumer contract.' },
    },
    // Integration points
    {
      scope: 'integration',
      match: /^All core services communicate via defined contracts/,
      proof: {
        checks: [{ uses: 'event-flow', with: { paths: serviceDirs, services: CATALOG_PATH, only: 'calls' } }],
        inputs: [...serviceDirs, ...contracts, CATALOG_PATH],
      },
    },
    {
      scope: 'integration',
      match: /^Message schemas follow AsyncAPI specifications/,
      proof: { checks: [{ uses: 'validate-asyncapi', with: { paths: [EVENTS_PATH] } }] },
    },
    {
      scope: 'integration',
      match: /^All inter-service APIs match OpenAPI specifications/,
      proof: { checks: [{ uses: 'validate-openapi', with: { paths: contracts } }] },
    },
    {
      scope: 'integration',
      match: /^Complete system deployed with production configuration/,
      proof: { unprovable: 'Needs a production cluster.' },
    },
    {
      scope: 'integration',
      match: /^Performance requirements met under load/,
      proof: { unprovable: 'Needs the deployed system under production-like load.' },
    },
  ];
  return entries;
}
