import { apiServiceInfraOverlay, infraProofs, type InfraProofOptions } from '../../skills/infra-stack/infra-proofs';
import { LOAD_TEST_PATH } from '../../skills/load-test/render-load-test';
import { PACT_COMMAND, PACT_DIR } from '../../skills/pact-consumer/render-pact';
import { CONTRACT_PATH, REQUIREMENTS_CHECK, REQUIREMENTS_PATH } from '../../skills/openapi-contract';
import { SERVICE_TESTS } from '../../skills/fastify-service';
import { MOCK_START } from '../../skills/prism-mock/render-mock';
import { DOCS_BUILD } from '../../skills/swagger-docs/render-docs';
import type { ItemOverlayEntry, ItemProof } from '../kind-module';
import { PORTS, type ApiServiceContext } from './context';

/**
 * Template 2's items → the checks that prove them. Each concern of the service has its own test
 * file, so a change breaks the items about that concern: a handler removed or a response field
 * drifted fails the endpoint items (their test and contract-test against the running service), a
 * contract mistake the contract items (validate-openapi), a type error in the SDK example the
 * examples item, a Dockerfile without HEALTHCHECK the scanning item. Items no machine here can
 * prove (production, backups, publishing, PRD coverage) stay unproven until attested.
 */

/** The service started for contract-test and the load test: no identity provider, no response re-check, no rate limit. */
export const SERVICE_UNDER_TEST =
  'AUTH_MODE=contract-test CONTRACT_RESPONSE_VALIDATION=off RATE_LIMIT_MAX=1000000 LOG_LEVEL=warn node --import tsx api/src/server.ts';

const serviceTest = (...files: string[]): ItemProof['checks'] => [
  { uses: 'command', with: { command: `node --import tsx --test ${files.map((f) => `api/${f}`).join(' ')}`, timeout: 600 } },
];

export function apiServiceProofs() {
  const service = ['api/', CONTRACT_PATH];
  const test = (...files: string[]): ItemProof => ({ checks: serviceTest(...files), inputs: service });
  const contractOnService = (port: number): ItemProof => ({
    checks: [
      { uses: 'contract-test', with: { paths: [CONTRACT_PATH], command: SERVICE_UNDER_TEST, port, timeout: 240, requestTimeout: 60 } },
    ],
    inputs: service,
  });
  const contractOnMock = (port: number): ItemProof => ({
    checks: [{ uses: 'contract-test', with: { paths: [CONTRACT_PATH], command: `sh ${MOCK_START}`, port, routes: 'none', timeout: 240 } }],
    files: [{ path: MOCK_START }],
    inputs: ['mock/'],
  });
  const contract: ItemProof = {
    checks: [{ uses: 'validate-openapi', with: { paths: [CONTRACT_PATH] } }],
    files: [{ path: CONTRACT_PATH }],
  };
  const docs: ItemProof = {
    checks: [{ uses: 'command', with: { command: `node ${DOCS_BUILD}`, timeout: 120 } }],
    files: [{ path: DOCS_BUILD }, { path: 'docs/index.html' }],
    inputs: ['docs/', CONTRACT_PATH],
  };
  const sdkBuild: ItemProof['checks'] = [{ uses: 'command', with: { command: 'npx --no-install tsc -p sdk/tsconfig.json', timeout: 300 } }];
  const sdkOnMock: ItemProof = {
    checks: [{ uses: 'command', with: { command: 'node --import tsx --test sdk/test/mock.test.ts', timeout: 600 } }],
    inputs: ['sdk/', 'mock/', CONTRACT_PATH],
  };
  const sdkOnService: ItemProof = {
    checks: [{ uses: 'command', with: { command: 'node --import tsx --test sdk/test/service.test.ts', timeout: 600 } }],
    inputs: ['sdk/', ...service],
  };
  const examples: ItemProof = {
    checks: [{ uses: 'command', with: { command: 'npx --no-install tsc -p sdk/examples/tsconfig.json', timeout: 300 } }],
    files: [{ path: 'sdk/examples/' }],
    inputs: ['sdk/'],
  };
  return { service, test, contractOnService, contractOnMock, contract, docs, sdkBuild, sdkOnMock, sdkOnService, examples };
}

export function infraOptions(loadPort: number = PORTS.load): InfraProofOptions {
  return {
    contract: CONTRACT_PATH,
    dockerfile: 'Dockerfile',
    load: { spec: LOAD_TEST_PATH, command: SERVICE_UNDER_TEST, port: loadPort },
    pact: { dir: PACT_DIR, command: PACT_COMMAND },
  };
}

const merge = (...proofs: ItemProof[]): ItemProof => ({
  checks: proofs.flatMap((p) => p.checks ?? []),
  files: proofs.flatMap((p) => p.files ?? []),
  inputs: [...new Set(proofs.flatMap((p) => p.inputs ?? []))],
});

export function apiServiceOverlay(_ctx: ApiServiceContext): ItemOverlayEntry[] {
  const p = apiServiceProofs();
  const infra = infraProofs(infraOptions());
  const files = (...paths: string[]) => paths.map((path) => ({ path }));
  const withFiles = (proof: ItemProof, ...paths: string[]): ItemProof => ({
    ...proof,
    files: [...(proof.files ?? []), ...files(...paths)],
  });
  const unprovable = (why: string): ItemProof => ({ unprovable: why });
  const stream = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'stream', match, proof });
  const integration = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'integration', match, proof });
  const success = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'success', match, proof });
  const t = SERVICE_TESTS;
  const requirements: ItemProof = {
    checks: [{ uses: 'command', with: { command: `node ${REQUIREMENTS_CHECK}`, timeout: 60 } }],
    files: [{ path: REQUIREMENTS_PATH }, { path: REQUIREMENTS_CHECK }],
    inputs: [CONTRACT_PATH],
  };
  const performance = (loadPort: number) => merge(infraProofs(infraOptions(loadPort)).load, p.test(t.auth));
  return [
    // Stream A: contract and mocking
    stream(/^Create comprehensive OpenAPI 3\.\d specification/, p.contract),
    stream(/^Define all request\/response schemas and validation rules/, { checks: p.contract.checks }),
    stream(/^Set up automated API mocking service/, p.contractOnMock(PORTS.mock)),
    stream(/^Generate API documentation and SDK examples/, p.docs),
    stream(/^Validate contract covers all PRD requirements/, requirements),
    stream(/^Set up contract testing framework/, infra.pact),
    // Stream B: infrastructure (the infra skills' overlay) and the service's own middleware
    stream(/^Configure rate limiting and security middleware/, withFiles(p.test(t.rateLimit), `api/${t.rateLimit}`)),
    ...apiServiceInfraOverlay(infraOptions()).filter(
      (e) => e.scope === 'stream' && /docker-compose|Gateway|Keycloak|monitoring and logging/.test(e.match.source),
    ),
    // Stream C: foundation
    stream(
      /^Initialize API project structure/,
      withFiles(
        { checks: [{ uses: 'command', with: { command: 'npx --no-install tsc -p api/tsconfig.json', timeout: 300 } }], inputs: p.service },
        'api/package.json',
        'api/tsconfig.json',
        'api/src/app.ts',
        'api/src/server.ts',
        'api/src/config.ts',
      ),
    ),
    stream(/^Set up CI\/CD pipeline/, infra.cicd),
    stream(/^Configure code quality and security scanning/, infra.dockerfile),
    stream(/^Set up automated testing framework/, withFiles(p.test(t.unit), `api/${t.unit}`, 'api/test/support/')),
    stream(/^Create development and deployment scripts/, {
      checks: [{ uses: 'files-exist', with: { paths: ['api/package.json', MOCK_START, 'docs/build.mjs', '.env.example'] } }],
    }),
    // Stream D: the service
    stream(/^Implement authentication\/authorization middleware/, withFiles(p.test(t.auth), 'api/src/auth.ts', `api/${t.auth}`)),
    stream(
      /^Create database models and repositories/,
      withFiles(
        p.test(t.repositories),
        'api/migrations/',
        'api/src/resources/',
        'api/src/db.ts',
        'api/src/migrate.ts',
        `api/${t.repositories}`,
      ),
    ),
    stream(
      /^Implement all API endpoints following OpenAPI spec/,
      withFiles(
        merge(p.test(t.endpoints), p.contractOnService(PORTS.endpoints)),
        'api/src/handlers/',
        'api/src/routes.ts',
        'api/src/contract.ts',
        `api/${t.endpoints}`,
      ),
    ),
    stream(
      /^Add comprehensive input validation and error handling/,
      withFiles(p.test(t.validation), 'api/src/validation.ts', 'api/src/problem.ts', `api/${t.validation}`),
    ),
    // The features the contract specifies are its operations: the endpoint test exercises each.
    stream(/^Implement business logic for all features/, p.test(t.endpoints)),
    // Performance is what the load test's latency and throughput thresholds measure.
    stream(/^Add caching and performance optimizations/, infraProofs(infraOptions(PORTS.performance)).load),
    // Stream E: contract and integration testing
    stream(/^Write contract tests validating API vs OpenAPI spec/, p.contractOnService(PORTS.contractTests)),
    stream(/^Create comprehensive integration test suite/, { checks: serviceTest('test/*.test.ts'), inputs: p.service }),
    stream(/^Set up consumer-driven contract testing/, infra.pact),
    stream(/^Implement performance and load testing/, infra.load),
    stream(/^Create automated API contract validation in CI\/CD/, { checks: infra.cicd.checks }),
    // Stream F: SDKs and docs
    stream(/^Generate client SDKs/, {
      ...merge({ checks: p.sdkBuild }, p.sdkOnMock),
      files: files('sdk/src/', 'sdk/test/', 'sdk/package.json', 'sdk/tsconfig.json'),
    }),
    stream(/^Create comprehensive API documentation site/, { checks: p.docs.checks, inputs: p.docs.inputs }),
    stream(/^Build interactive API explorer \(Swagger UI\)/, { checks: p.docs.checks, inputs: p.docs.inputs }),
    stream(/^Create usage examples and tutorials/, p.examples),
    // Every path under the major version of info.version (check-requirements.mjs).
    stream(/^Set up API versioning and deprecation strategy/, { checks: requirements.checks, inputs: requirements.inputs }),
    // Stream G: operations
    stream(/^Configure production deployment pipeline/, unprovable('production deployment needs the production environment')),
    stream(/^Set up comprehensive monitoring and alerting/, infra.monitoring),
    stream(/^Implement health checks and circuit breakers/, withFiles(p.test(t.health), 'api/src/outbound.ts', `api/${t.health}`)),
    stream(/^Configure backup and disaster recovery/, unprovable('backups and restore drills run against production data')),
    stream(/^Set up API analytics and usage metrics/, withFiles(p.test(t.metrics), 'api/src/metrics.ts', `api/${t.metrics}`)),
    // Integration points
    integration(/^API implementation matches OpenAPI specification 100%/, p.contractOnService(PORTS.integrationContract)),
    integration(
      /^All contract tests pass against mock and real API/,
      merge(p.contractOnMock(PORTS.integrationMock), p.contractOnService(PORTS.integrationService)),
    ),
    integration(/^Client SDKs work with mock API/, p.sdkOnMock),
    integration(/^All integration tests pass against real implementation/, { checks: serviceTest('test/*.test.ts'), inputs: p.service }),
    integration(/^Performance and security requirements met/, performance(PORTS.integrationLoad)),
    integration(/^Client SDKs work with real API/, p.sdkOnService),
    integration(/^API deployed and accessible in production/, unprovable('needs the production environment')),
    integration(/^Monitoring and alerting fully configured/, infra.monitoring),
    integration(/^Documentation and SDKs published/, unprovable('publishing happens outside this machine (registry, docs host)')),
    // Success criteria
    success(/^OpenAPI contract is single source of truth/, {
      checks: [...p.contract.checks!, ...infra.gateway.checks!, ...infra.auth.checks!],
      inputs: [CONTRACT_PATH, 'infra/'],
    }),
    success(
      /^All endpoints implemented and tested according to contract/,
      merge(p.test(t.endpoints), p.contractOnService(PORTS.successEndpoints)),
    ),
    success(
      /^Client SDKs generated and documented/,
      merge({ checks: p.sdkBuild, inputs: ['sdk/'] }, { checks: p.docs.checks, inputs: p.docs.inputs }),
    ),
    success(/^Production deployment is automated and monitored/, unprovable('needs the production environment')),
    success(/^Performance and security requirements met/, performance(PORTS.successLoad)),
  ];
}
