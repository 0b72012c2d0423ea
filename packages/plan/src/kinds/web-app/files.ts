import { apiServiceFiles, apiServicePackages } from '../api-service/files';
import { PLAYWRIGHT_E2E_DEPENDENCIES, renderPlaywrightE2e } from '../../skills/playwright-e2e';
import { REACT_WEB_DEPENDENCIES, renderReactWeb } from '../../skills/react-web';
import { defaultIssuer } from '../../skills/openapi-contract';
import type { WebAppContext } from './context';

/** The backend half from the api-service kind (contract, service, mock, SDK, docs, infra), the web app and its browser suites. */
export function webAppFiles(ctx: WebAppContext): Map<string, string> {
  return new Map([
    ...apiServiceFiles(ctx.api),
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
