export { E2E_TAGS, PLAYWRIGHT_E2E_DEPENDENCIES, renderPlaywrightE2e } from './render-playwright-e2e';
export type { PlaywrightE2eOptions } from './render-playwright-e2e';
