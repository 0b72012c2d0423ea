import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/**
 * TEST DOUBLE of the OIDC identity provider (Keycloak in the compose stack): serves a JWKS on a
 * loopback port and signs tokens with its key, so the service's real JWT verification runs
 * against a real HTTP JWKS. `down()` makes it answer 503, to exercise the circuit breaker.
 */
export interface IdpTestDouble {
  issuer: string;
  jwksUrl: string;
  token(scopes: string[], claims?: Record<string, unknown>): Promise<string>;
  /** A token signed by another key (its signature cannot verify). */
  foreignToken(scopes: string[]): Promise<string>;
  down(): void;
  up(): void;
  jwksRequests(): number;
  close(): Promise<void>;
}

export async function startIdpTestDouble(): Promise<IdpTestDouble> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let available = true;
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests += 1;
    if (!available) {
      response.writeHead(503).end();
      return;
    }
    if (request.url === '/protocol/openid-connect/certs') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Claims given by a test (iss, exp, ...) win over the defaults.
  const sign = (key: CryptoKey, scopes: string[], claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuer, sub: 'test-user', iat: now, exp: now + 300, scope: scopes.join(' '), ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .sign(key);
  };
  return {
    issuer,
    jwksUrl: `${issuer}/protocol/openid-connect/certs`,
    token: (scopes, claims) => sign(privateKey, scopes, claims),
    foreignToken: (scopes) => sign(foreign.privateKey, scopes),
    down: () => {
      available = false;
    },
    up: () => {
      available = true;
    },
    jwksRequests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
