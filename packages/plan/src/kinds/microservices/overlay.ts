import { SERVICE_TESTS } from '../../skills/fastify-service';
import { REALM_PATH } from '../../skills/keycloak-realm/render-realm';
import { K8S_DIR } from '../../skills/k8s-service/k8s-service';
import { PACT_DIR } from '../../skills/pact-consumer/render-pact';
import { ALERT_RULES, PROMETHEUS_CONFIG } from '../../skills/monitoring/render-monitoring';
import { CATALOG_PATH, EVENTS_PATH } from '../../skills/service-links';
import { TERRAFORM_DIR } from '../../skills/terraform-platform/terraform-platform';
import type { ItemOverlayEntry, ItemProof } from '../kind-module';
import type { MicroservicesContext } from './context';
import { mockPort, servicePaths } from './files';

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
    {
      scope: 'stream',
      match: /^Set up API mocking for all services/,
      proof: {
        // Each service's Prism mock answers its contract's operations from the examples, checked by contract-test.
        checks: ctx.services.map((s) => ({
          uses: 'contract-test',
          with: {
            paths: [servicePaths(s.name).contract],
            command: `sh ${servicePaths(s.name).mock}`,
            port: mockPort(s),
            routes: 'none',
            timeout: 240,
          },
        })),
        files: names.map((s) => ({ path: servicePaths(s).mock })),
        inputs: [...names.map((s) => `${servicePaths(s).mockDir}/`), ...contracts],
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
    // Checks of the remaining items, from files the skills write.
    {
      scope: 'stream',
      match: /^Configure automated testing frameworks/,
      // Each service's unit suite exercises the runner, TypeScript through tsx and the assertions CI runs (npm test).
      proof: { checks: perService(names, () => tests(SERVICE_TESTS.unit)), inputs: serviceDirs },
    },
    {
      scope: 'stream',
      match: /^Configure centralized authentication service/,
      proof: {
        checks: contracts.map((contract) => ({ uses: 'realm-scopes', with: { paths: [REALM_PATH], contract } })),
        files: [{ path: REALM_PATH }],
        inputs: contracts,
      },
    },
    {
      scope: 'stream',
      match: /^Add rate limiting and API quotas/,
      proof: { checks: perService(names, () => tests(SERVICE_TESTS.rateLimit)), inputs: serviceDirs },
    },
    {
      scope: 'stream',
      match: /^Create monitoring and alerting for service health/,
      proof: {
        checks: [{ uses: 'prometheus-config', with: { paths: [PROMETHEUS_CONFIG, ALERT_RULES] } }],
        files: [{ path: PROMETHEUS_CONFIG }, { path: ALERT_RULES }],
      },
    },
    { scope: 'stream', match: /^Configure service mesh traffic management/, proof: mesh(ctx, ['traffic']) },
    ...unprovableItems(),
  ];
  return entries;
}

/**
 * The items nothing here can prove, each with what it needs: they stay unproven until attested.
 * The reasons say what the generated files do and do not cover, so the attesting person knows
 * what to look at.
 */
function unprovableItems(): ItemOverlayEntry[] {
  const item = (scope: ItemOverlayEntry['scope'], match: RegExp, why: string): ItemOverlayEntry => ({
    scope,
    match,
    proof: { unprovable: why },
  });
  const notGenerated = (what: string) => `No ${what} is generated: build it, prove it with a check or attest it.`;
  const needsStack = (what: string) =>
    `${what} needs the running stack (docker compose up, or a cluster); no container engine is used here: run it and attest.`;
  return [
    item(
      'stream',
      /^Configure distributed tracing/,
      'Jaeger runs in docker-compose.yml, but the services export no spans yet (no OpenTelemetry SDK is generated): instrument them, see a trace in Jaeger, attest.',
    ),
    item(
      'stream',
      /^Set up message broker for async communication/,
      needsStack('RabbitMQ (docker-compose.yml; the services use an in-process bus with the same interface)'),
    ),
    item('stream', /^Configure distributed cache/, needsStack('Redis (docker-compose.yml; no service uses it yet)')),
    item(
      'stream',
      /^Set up database per service pattern/,
      needsStack('Each service’s own PostgreSQL (docker-compose.yml, migrations in services/<service>/migrations)'),
    ),
    item(
      'stream',
      /^Set up configuration management/,
      'Configuration comes from environment variables (.env.example, the Deployments); no Consul or Spring Cloud Config is set up: attest the choice.',
    ),
    item(
      'stream',
      /^Create shared libraries and common patterns/,
      notGenerated('shared library (each service carries its own copy of the skill code)'),
    ),
    item('stream', /^Implement notification service/, notGenerated('notification service (add one with --add-service)')),
    item('stream', /^Implement file storage service/, notGenerated('file storage service (add one with --add-service)')),
    item('stream', /^Implement search service/, notGenerated('search service (add one with --add-service)')),
    item('stream', /^Implement analytics service/, notGenerated('analytics service (add one with --add-service)')),
    item('stream', /^Add event sourcing patterns/, notGenerated('event store')),
    item(
      'stream',
      /^Implement API Gateway routing rules/,
      needsStack(
        'The gateway in front of the services (the HTTPRoutes are checked by the gateway item of Stream B; infra/gateway/kong.yml for compose)',
      ),
    ),
    item('stream', /^Create BFF \(Backend for Frontend\) patterns/, notGenerated('backend for frontend')),
    item('stream', /^Implement request aggregation and composition/, notGenerated('aggregating endpoint')),
    item(
      'stream',
      /^Configure authentication and authorization at gateway/,
      needsStack('Token checks at the gateway (each service checks tokens itself: test/auth.test.ts)'),
    ),
    item(
      'stream',
      /^Implement API versioning and deprecation strategy/,
      'The contracts version their paths (/v1); a deprecation policy is a team decision: write it down and attest.',
    ),
    item('stream', /^Set up end-to-end testing across service boundaries/, needsStack('An end-to-end test across the services')),
    item(
      'stream',
      /^Implement chaos engineering for resilience testing/,
      needsStack('Chaos experiments (the resilience tests of Stream E stop a dependency in-process)'),
    ),
    item('stream', /^Create performance testing for service communication/, notGenerated('load test across services')),
    item(
      'stream',
      /^Set up automated security scanning/,
      'No SAST/DAST scanner runs here (the Dockerfiles are scanned in Stream C): add one to the CI workflows and attest.',
    ),
    item(
      'stream',
      /^Set up distributed tracing across all services/,
      'The services export no spans yet (no OpenTelemetry SDK is generated).',
    ),
    item(
      'stream',
      /^Implement service-level objectives/,
      'The alert rules (infra/prometheus/alerts.yml) hold latency and error-rate thresholds; the SLO targets themselves are a team decision: attest.',
    ),
    item(
      'stream',
      /^Configure automated service remediation/,
      needsStack('Remediation (liveness probes, HPA, PodDisruptionBudget in deploy/k8s)'),
    ),
    item('stream', /^Set up log aggregation and analysis/, notGenerated('log aggregator (the services log JSON to stdout)')),
    item('stream', /^Implement frontend applications consuming microservices/, notGenerated('frontend (plan:web-app generates one)')),
    item('stream', /^Set up client-side service discovery/, notGenerated('frontend')),
    item('stream', /^Implement authentication flows across service boundaries/, notGenerated('frontend')),
    item('stream', /^Add error handling for service failures/, notGenerated('frontend')),
    item('stream', /^Configure progressive web app features/, notGenerated('frontend')),
    item('integration', /^Platform infrastructure can host mock services/, needsStack('Hosting the mocks on the platform')),
    item('integration', /^Service mesh can route between mock services/, needsStack('Routing through the mesh')),
    item('integration', /^API Gateway successfully routes and aggregates requests/, needsStack('Routing through the gateway')),
    item(
      'integration',
      /^Contract tests pass between all service pairs/,
      'Stream H runs each consumer’s Pact tests and reads every pact against its provider’s contract; replaying the pacts against the running providers (the Pact verifier) is not generated: add it or attest.',
    ),
    item(
      'integration',
      /^Distributed tracing captures end-to-end requests/,
      'The services export no spans yet (no OpenTelemetry SDK is generated).',
    ),
    item('integration', /^All monitoring, alerting, and observability functional/, needsStack('Observability of the deployed system')),
    item('integration', /^Security and compliance requirements satisfied/, 'A security and compliance review: attest it.'),
    item('success', /^All service contracts implemented and tested/, 'The whole is a sign-off over Streams E and H: attest it.'),
    item('success', /^Platform infrastructure supports independent service deployment/, needsStack('Deploying one service alone')),
    item('success', /^End-to-end workflows work across service boundaries/, needsStack('An end-to-end workflow')),
    item('success', /^System meets performance and resilience requirements/, needsStack('Performance under load')),
    item('success', /^Comprehensive observability and monitoring in place/, needsStack('Observability of the deployed system')),
    item('success', /^Security and compliance requirements satisfied/, 'A security and compliance review: attest it.'),
  ];
}
