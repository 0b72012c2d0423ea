import type { FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Config } from './config.js';
import type { Principal } from './operation.js';
import { guardOutbound } from './outbound.js';
import { problem, ProblemError } from './problem.js';

/**
 * Bearer tokens verified against the OIDC issuer's JWKS (signature, issuer, audience, expiry);
 * each operation needs one of the scopes its contract entry names. Fetching the JWKS is an
 * outbound call and goes through a circuit breaker.
 */
export interface Authenticator {
  authenticate(request: FastifyRequest, scopes: string[]): Promise<Principal>;
  /** Stops the breaker's statistics timer. */
  close(): void;
}

/** jose errors that mean "this token is bad", not "the identity provider is down". */
const TOKEN_ERRORS = new Set([
  'ERR_JWT_INVALID',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
]);
const isTokenError = (error: unknown) => error instanceof errors.JOSEError && TOKEN_ERRORS.has(error.code);

export function createAuthenticator(config: Config, breakerOptions: { resetTimeout?: number } = {}): Authenticator {
  if (config.authMode === 'contract-test') {
    return { authenticate: async (_request, scopes) => ({ subject: 'contract-test', scopes }), close: () => undefined };
  }
  const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.oidc.jwksUrl), { timeoutDuration: 3_000, cooldownDuration: 0 });
  const keys = guardOutbound(
    'identity provider (JWKS)',
    (header: Parameters<JWTVerifyGetKey>[0], token: Parameters<JWTVerifyGetKey>[1]) => Promise.resolve(jwks(header, token)),
    { isCallerError: isTokenError, ...breakerOptions },
  );
  return {
    close: () => keys.breaker.shutdown(),
    async authenticate(request, scopes) {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthorized('A bearer token is required (Authorization: Bearer <token>).');
      let payload;
      try {
        ({ payload } = await jwtVerify(match[1], (h, t) => keys.fire(h, t), {
          issuer: config.oidc.issuer,
          audience: config.oidc.audience,
        }));
      } catch (error) {
        if (isTokenError(error)) throw unauthorized(`The token is not valid: ${(error as Error).message}.`);
        throw error; // DependencyUnavailable: 503
      }
      const granted = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      if (scopes.length > 0 && !scopes.some((s) => granted.includes(s))) {
        throw new ProblemError(problem(403, `This operation needs the scope ${scopes.join(' or ')}.`));
      }
      return { subject: String(payload.sub ?? ''), scopes: granted };
    },
  };
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError(problem(401, detail), { 'www-authenticate': 'Bearer' });
}
