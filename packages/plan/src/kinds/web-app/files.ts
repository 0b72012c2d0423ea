import { API_SERVICE_GITIGNORE, apiServiceFiles, apiServicePackages } from '../api-service/files';
import { PLAYWRIGHT_E2E_DEPENDENCIES, renderPlaywrightE2e } from '../../skills/playwright-e2e';
import { REACT_WEB_DEPENDENCIES, renderReactWeb, WEB_IMAGE_PORT } from '../../skills/react-web';
import { defaultIssuer } from '../../skills/openapi-contract';
import type { WebAppContext } from './context';

/** Where the browser suites' HTML reports go (plan-relative); CI publishes the folder. */
export const PLAYWRIGHT_REPORT_DIR = 'playwright-report';

/**
 * The backend half from the api-service kind (contract, service, mock, SDK, docs, infra — its
 * compose stack and CI workflow with the web app in them), the web app and its browser suites.
 */
export function webAppFiles(ctx: WebAppContext): Map<string, string> {
  const web = { name: 'web', context: 'web', dockerfile: 'Dockerfile', port: WEB_IMAGE_PORT, healthPath: '/healthz' };
  return new Map([
    ...apiServiceFiles(ctx.api, { web, playwrightReport: PLAYWRIGHT_REPORT_DIR }),
    // The api-service's (its SDK and docs builds, recorded pacts) plus what the browser suites and the app's build leave
    // behind: out of git and out of the items' input hashes (.gitignore files are not shipped in templates: npm drops them).
    [
      '.gitignore',
      `${API_SERVICE_GITIGNORE}# Browser suites' results and reports, the web app's build\ntest-results/\n${PLAYWRIGHT_REPORT_DIR}/\nweb/dist/\n`,
    ],
    ...renderReactWeb({
      projectName: ctx.name,
      title: ctx.title,
      description: ctx.overview,
      contract: ctx.api.contract,
      issuer: defaultIssuer(ctx.name),
    }),
    ...renderPlaywrightE2e({ contract: ctx.api.contract }),
  ]);
}

export function webAppPackages(): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const api = apiServicePackages();
  return {
    dependencies: { ...api.dependencies, ...REACT_WEB_DEPENDENCIES.dependencies },
    devDependencies: { ...api.devDependencies, ...REACT_WEB_DEPENDENCIES.devDependencies, ...PLAYWRIGHT_E2E_DEPENDENCIES.devDependencies },
  };
}
