import { planRoot, suiteConfig, webServer } from './config-base';

/**
 * The frontend against the real backend (API_PORT), with an embedded database. The backend runs
 * with AUTH_MODE=contract-test — it accepts the test identity's token instead of verifying a
 * Keycloak-signed JWT — a named test double of the identity provider, refused in production.
 */
const apiPort = Number(process.env.API_PORT ?? 3000);

export default suiteConfig('backend', [
  {
    command: 'npx --no-install tsx api/src/server.ts',
    cwd: planRoot,
    url: `http://127.0.0.1:${apiPort}/health`,
    env: { PORT: String(apiPort), HOST: '127.0.0.1', AUTH_MODE: 'contract-test', LOG_LEVEL: 'warn' },
    reuseExistingServer: false,
    timeout: 240_000,
  },
  webServer(`http://127.0.0.1:${apiPort}`),
]);
