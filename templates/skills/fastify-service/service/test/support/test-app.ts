import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOverrides } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { loadContract, type Contract } from '../../src/contract.js';
import { startIdpTestDouble, type IdpTestDouble } from './idp-test-double.js';

export interface TestApp {
  app: FastifyInstance;
  idp: IdpTestDouble;
  config: Config;
  contract: Contract;
  /** A bearer header with every scope the contract names. */
  allScopes(): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/** The real app (PGlite in memory, responses checked against the contract) behind the IdP test double. */
export async function startTestApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestApp> {
  const idp = await startIdpTestDouble();
  const config = loadConfig({
    OIDC_ISSUER: idp.issuer,
    OIDC_JWKS_URL: idp.jwksUrl,
    LOG_LEVEL: 'warn',
    CONTRACT_RESPONSE_VALIDATION: 'on',
    ...env,
  });
  const app = await buildApp(config, { logger: false, ...overrides });
  const contract = loadContract(config.contractPath);
  const scopes = [...new Set(contract.operations.flatMap((op) => op.scopes))];
  return {
    app,
    idp,
    config,
    contract,
    allScopes: async () => ({ authorization: `Bearer ${await idp.token(scopes)}` }),
    close: async () => {
      await app.close();
      await idp.close();
    },
  };
}
