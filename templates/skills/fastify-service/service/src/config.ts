import { fileURLToPath } from 'node:url';
import { SERVICE } from './service-info.js';

/** Everything the service reads from its environment, parsed and checked once at start-up. */
export interface Config {
  port: number;
  host: string;
  /** A real PostgreSQL (postgres://...); unset: embedded PGlite. */
  databaseUrl?: string;
  /** Where PGlite keeps its data; unset: in memory. */
  pgliteDataDir?: string;
  contractPath: string;
  oidc: { issuer: string; audience?: string; jwksUrl: string };
  /**
   * `jwt`: bearer tokens verified against the issuer's JWKS. `contract-test`: every request acts
   * with every scope, so a contract test can exercise the operations without an identity
   * provider; refused when NODE_ENV=production.
   */
  authMode: 'jwt' | 'contract-test';
  rateLimit: { max: number; timeWindowMs: number };
  /** Check every response against the contract before sending it (off in production by default). */
  validateResponses: boolean;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const issuer = (env.OIDC_ISSUER ?? SERVICE.defaultIssuer).replace(/\/$/, '');
  const authMode = (env.AUTH_MODE ?? 'jwt') as Config['authMode'];
  if (authMode !== 'jwt' && authMode !== 'contract-test') throw new Error(`AUTH_MODE must be jwt or contract-test (got ${authMode}).`);
  if (authMode === 'contract-test' && production) throw new Error('AUTH_MODE=contract-test is refused when NODE_ENV=production.');
  return {
    port: integer(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDataDir: env.PGLITE_DATA_DIR || undefined,
    contractPath: env.CONTRACT_PATH ?? fileURLToPath(new URL(SERVICE.contractFromSrc, import.meta.url)),
    oidc: {
      issuer,
      audience: env.OIDC_AUDIENCE || undefined,
      // Keycloak's JWKS location; other providers: set OIDC_JWKS_URL.
      jwksUrl: env.OIDC_JWKS_URL ?? `${issuer}/protocol/openid-connect/certs`,
    },
    authMode,
    rateLimit: {
      max: integer(env.RATE_LIMIT_MAX, 100, 'RATE_LIMIT_MAX'),
      timeWindowMs: integer(env.RATE_LIMIT_WINDOW_MS, 60_000, 'RATE_LIMIT_WINDOW_MS'),
    },
    validateResponses: env.CONTRACT_RESPONSE_VALIDATION ? env.CONTRACT_RESPONSE_VALIDATION === 'on' : !production,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

function integer(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer (got ${raw}).`);
  return value;
}
