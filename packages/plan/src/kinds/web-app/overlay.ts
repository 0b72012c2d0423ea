import { PORTS } from '../api-service/context';
import { apiServiceProofs, infraOptions } from '../api-service/overlay';
import { infraProofs } from '../../skills/infra-stack/infra-proofs';
import { SERVICE_TESTS } from '../../skills/fastify-service';
import { CONTRACT_PATH, REQUIREMENTS_CHECK, REQUIREMENTS_PATH } from '../../skills/openapi-contract';
import type { ItemOverlayEntry, ItemProof } from '../kind-module';
import type { WebAppContext } from './context';
import { PLAYWRIGHT_REPORT_DIR, webAppPackages } from './files';

/** The suites of the e2e folder: against the mock server and against the real backend. */
export const MOCK_SUITE = 'e2e/playwright.mock.config.ts';
export const BACKEND_SUITE = 'e2e/playwright.backend.config.ts';
const WEB_INPUTS = ['web/', 'e2e/', CONTRACT_PATH];

/**
 * One tag of one suite: each frontend item runs exactly its own tests (a broken form fails the
 * journeys, an <img> without alt the accessibility scan). `name` (unique per item) names the
 * run's own folders for traces (test-results/<name>) and the HTML report (playwright-report/<name>):
 * items run side by side, and Playwright empties its output folder when a run starts.
 */
export function browserProof(config: string, grep: string, options: { name?: string; inputs?: string[] } = {}): ItemProof {
  const backend = config === BACKEND_SUITE;
  const ports = backend ? ['WEB_PORT', 'API_PORT'] : ['WEB_PORT', 'MOCK_PORT'];
  const name = options.name ?? `${backend ? 'backend' : 'mock'}-${grep.replace(/[^a-z0-9]+/gi, '')}`;
  const run = { output: `test-results/${name}`, htmlReport: `${PLAYWRIGHT_REPORT_DIR}/${name}` };
  return {
    checks: [{ uses: 'playwright', with: { paths: ['e2e'], config, grep, ports, env: ['PLAYWRIGHT_CHROMIUM'], timeout: 900, ...run } }],
    inputs: [...WEB_INPUTS, ...(options.inputs ?? [])],
  };
}

const merge = (...proofs: ItemProof[]): ItemProof => ({
  checks: proofs.flatMap((p) => p.checks ?? []),
  files: proofs.flatMap((p) => p.files ?? []),
  inputs: [...new Set(proofs.flatMap((p) => p.inputs ?? []))],
});

/**
 * Template 1's items → the checks that prove them. The contract, backend and infrastructure items
 * reuse the api-service kind's proofs; the frontend items run the browser suites in Chromium, one
 * tag each; the static cross-check (operation-coverage) proves every operation is called from
 * web/src. Items no machine here can prove stay unproven until attested, saying why.
 */
export function webAppOverlay(_ctx: WebAppContext): ItemOverlayEntry[] {
  const p = apiServiceProofs();
  const infra = infraProofs(infraOptions());
  const t = SERVICE_TESTS;
  const files = (...paths: string[]) => paths.map((path) => ({ path }));
  const unprovable = (why: string): ItemProof => ({ unprovable: why });
  const stream = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'stream', match, proof });
  const integration = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'integration', match, proof });
  const success = (match: RegExp, proof: ItemProof): ItemOverlayEntry => ({ scope: 'success', match, proof });
  const mock = (grep: string, name?: string) => browserProof(MOCK_SUITE, grep, { name });
  const typecheck = (...projects: string[]): ItemProof => ({
    checks: [{ uses: 'typecheck', with: { paths: projects } }],
    inputs: WEB_INPUTS,
  });
  const coverage: ItemProof = {
    checks: [
      {
        uses: 'operation-coverage',
        with: { paths: ['web/src'], contract: CONTRACT_PATH, client: 'web/src/api/client.ts', basePath: '/api' },
      },
    ],
    files: files('web/src/api/client.ts', 'web/src/resources/'),
    inputs: WEB_INPUTS,
  };
  const requirements: ItemProof = {
    checks: [{ uses: 'command', with: { command: `node ${REQUIREMENTS_CHECK}`, timeout: 60 } }],
    files: files(REQUIREMENTS_PATH, REQUIREMENTS_CHECK),
    inputs: [CONTRACT_PATH],
  };
  // ESLint (typescript-eslint, React hooks) and Prettier with the app's own configs, over the app's sources.
  const codeQuality: ItemProof = {
    checks: [
      { uses: 'command', with: { command: 'npx --no-install eslint --config web/eslint.config.mjs --max-warnings 0 web', timeout: 300 } },
      {
        uses: 'command',
        with: {
          command: 'npx --no-install prettier --check --ignore-path web/.prettierignore --config web/.prettierrc.json web',
          timeout: 300,
        },
      },
    ],
    files: files('web/eslint.config.mjs', 'web/.prettierrc.json', 'web/.prettierignore'),
    inputs: ['web/'],
  };
  // Every package the generated code imports is installed at the workspace root in a version its range allows.
  const packages = webAppPackages();
  const dependencyResolution: ItemProof = {
    checks: [
      {
        uses: 'command',
        with: {
          command: `node web/scripts/check-packages.mjs ${Object.keys({ ...packages.dependencies, ...packages.devDependencies })
            .sort()
            .join(' ')}`,
          timeout: 120,
        },
      },
    ],
    files: files('web/package.json', 'api/package.json', 'web/scripts/check-packages.mjs'),
  };
  const viteBuild: ItemProof = {
    checks: [{ uses: 'command', with: { command: 'npx --no-install vite build --config web/vite.config.ts', timeout: 300 } }],
    inputs: WEB_INPUTS,
  };
  return [
    // Stream A: contract and mock
    stream(/^Create OpenAPI 3\.\d specification with all endpoints/, p.contract),
    stream(/^Define authentication\/authorization flows in OpenAPI spec/, merge({ checks: p.contract.checks }, infra.auth)),
    stream(/^Generate API contract documentation/, p.docs),
    stream(/^Set up API mocking service/, p.contractOnMock(PORTS.mock)),
    stream(/^Validate API contract covers all PRD requirements/, requirements),
    // Stream B: environment
    stream(/^Create docker-compose\.yml with all services/, infra.compose),
    stream(/^Set up local development environment scripts/, {
      checks: [
        {
          uses: 'files-exist',
          with: { paths: ['mock/start.sh', 'api/package.json', 'web/vite.config.ts', 'web/.env.example', '.env.example'] },
        },
      ],
    }),
    stream(/^Configure database schema and migrations/, {
      ...p.test(t.repositories),
      files: files('api/migrations/', 'api/src/migrate.ts'),
    }),
    stream(/^Set up Keycloak\/Auth service for identity management/, infra.auth),
    stream(
      /^Verify all services start and connect properly/,
      unprovable('the compose stack needs a container engine, which this machine lacks: run docker compose up and attest'),
    ),
    // Stream C: scaffolding
    stream(/^Initialize backend project structure/, {
      checks: [{ uses: 'typecheck', with: { paths: ['api/tsconfig.json'] } }],
      files: files('api/package.json', 'api/tsconfig.json', 'api/src/server.ts'),
      inputs: p.service,
    }),
    stream(/^Initialize frontend project structure/, {
      ...merge(
        typecheck('web/tsconfig.json'),
        viteBuild,
        infraProofs({ contract: CONTRACT_PATH, dockerfile: 'web/Dockerfile' }).dockerfile,
      ),
      files: files(
        'web/package.json',
        'web/index.html',
        'web/vite.config.ts',
        'web/tsconfig.json',
        'web/src/main.tsx',
        'web/src/app.tsx',
        'web/Dockerfile',
        'web/nginx.conf',
      ),
    }),
    stream(/^Set up CI\/CD pipeline configuration/, infra.cicd),
    stream(/^Configure code quality tools/, merge(codeQuality, typecheck('web/tsconfig.json', 'e2e/tsconfig.json'))),
    stream(/^Set up package management and dependency resolution/, dependencyResolution),
    // Stream D: backend (the api-service skill's tests, one concern each)
    stream(/^Implement authentication middleware matching API contract/, p.test(t.auth)),
    stream(/^Create database models and repositories/, p.test(t.repositories)),
    stream(/^Implement REST API endpoints following OpenAPI spec/, merge(p.test(t.endpoints), p.contractOnService(PORTS.endpoints))),
    stream(/^Add input validation and error handling/, p.test(t.validation)),
    stream(
      /^Implement business logic for core features/,
      unprovable('the generated handlers are CRUD; business rules are yours to write and test, then attest'),
    ),
    stream(/^Add logging and monitoring/, merge(p.test(t.metrics), infra.monitoring)),
    // Stream E: frontend, in Chromium against the mock
    stream(/^Build authentication UI and state management/, {
      ...mock('@auth'),
      files: files('web/src/auth/auth.tsx', 'web/src/auth/callback.tsx'),
    }),
    stream(/^Create layout components and routing/, { ...mock('@a11y'), files: files('web/src/components/layout.tsx', 'web/src/app.tsx') }),
    stream(/^Implement UI components for all API endpoints/, merge(coverage, mock('@journey'))),
    stream(/^Connect frontend to mock API service/, mock('@smoke')),
    stream(/^Add form validation and error handling/, mock('@validation')),
    stream(/^Implement responsive design/, { ...mock('@responsive'), files: files('web/src/styles.css') }),
    // Stream F: the e2e suites themselves
    stream(/^Set up E2E testing framework/, {
      ...typecheck('e2e/tsconfig.json'),
      files: files(MOCK_SUITE, BACKEND_SUITE, 'e2e/config-base.ts'),
    }),
    stream(/^Write tests for all user journeys from PRD/, {
      checks: [{ uses: 'files-exist', with: { paths: ['e2e/journeys/'] } }],
      files: files('e2e/journeys/', 'e2e/journey.ts'),
    }),
    stream(/^Create test data fixtures and utilities/, {
      checks: [{ uses: 'files-exist', with: { paths: ['e2e/fixtures.ts', 'e2e/resources.ts'] } }],
    }),
    stream(/^Set up visual regression testing/, mock('@visual')),
    stream(/^Configure test reporting and CI integration/, infra.cicd),
    // Integration points
    integration(/^Backend endpoints match OpenAPI specification/, p.contractOnService(PORTS.integrationContract)),
    integration(/^Frontend can communicate with mock API/, mock('@smoke', 'integration-mock-smoke')),
    integration(
      /^All services in docker-compose are healthy/,
      unprovable('needs a container engine to start the stack: attest after docker compose up'),
    ),
    integration(/^Frontend connects to real backend API/, browserProof(BACKEND_SUITE, '@smoke', { inputs: p.service })),
    integration(/^All E2E tests pass against real implementation/, browserProof(BACKEND_SUITE, '@journey', { inputs: p.service })),
    integration(
      /^Performance and security requirements met/,
      unprovable('performance and security targets come from the PRD: measure them (tests/load) and attest'),
    ),
    integration(/^Documentation complete/, unprovable('completeness of documentation is a reviewer’s judgement')),
    integration(/^Deployment pipeline tested/, unprovable('deployment needs the target environment')),
    integration(/^Monitoring and alerting configured/, infra.monitoring),
    // Success criteria
    success(/^API contract fully implemented and tested/, p.contractOnService(PORTS.successEndpoints)),
    success(/^Frontend and backend can be developed independently/, mock('@smoke', 'success-mock-smoke')),
    success(/^E2E tests cover all PRD requirements/, unprovable('coverage of the PRD is a reviewer’s judgement')),
    success(/^Local development environment is fully functional/, unprovable('needs the compose stack running (a container engine)')),
    success(
      /^Integration points are clearly defined and tested/,
      unprovable('"clearly defined" is a reviewer’s judgement; the tested half is proven by integration points 1 and 2'),
    ),
  ];
}
