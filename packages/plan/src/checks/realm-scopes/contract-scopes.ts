import { isRecord, Segments } from '../api-documents/load-document';
import { OpenApiContract } from '../openapi/load-openapi';
import { listOperations, operationLabel } from '../openapi/operations';

/** An OAuth2 / OpenID Connect scope a security requirement of the contract asks for. */
export interface ScopeUse {
  scope: string;
  scheme: string;
  /** "GET /payments" or "every operation" (the root `security`). */
  where: string;
  segments: Segments;
}

/** The scheme's issuer realm, read from its OIDC discovery URL or OAuth2 flow URLs (Keycloak's `/realms/<name>/`). */
export interface SchemeIssuer {
  scheme: string;
  realm: string;
  url: string;
  segments: Segments;
}

const REALM_IN_URL = /\/realms\/([^/?#]+)\//;

/**
 * The scopes the contract's security requirements use, root and per operation, for schemes of
 * type oauth2 or openIdConnect (other schemes have no scopes in OpenAPI 3.0; in 3.1 their lists
 * are roles, which a realm cannot be judged on).
 */
export function contractScopes(contract: OpenApiContract): { uses: ScopeUse[]; issuers: SchemeIssuer[] } {
  const root = contract.bundled.value;
  const schemes =
    isRecord(root) && isRecord(root.components) && isRecord(root.components.securitySchemes) ? root.components.securitySchemes : {};
  const scoped = new Set(
    Object.entries(schemes)
      .filter(([, s]) => isRecord(s) && (s.type === 'oauth2' || s.type === 'openIdConnect'))
      .map(([name]) => name),
  );
  const uses: ScopeUse[] = [];
  const collect = (requirements: unknown, base: Segments, where: string) => {
    if (!Array.isArray(requirements)) return;
    requirements.forEach((requirement, i) => {
      if (!isRecord(requirement)) return;
      for (const [scheme, scopes] of Object.entries(requirement)) {
        if (!scoped.has(scheme) || !Array.isArray(scopes)) continue;
        scopes.forEach((scope, j) => {
          if (typeof scope === 'string' && scope !== '') uses.push({ scope, scheme, where, segments: [...base, i, scheme, j] });
        });
      }
    });
  };
  if (isRecord(root)) collect(root.security, ['security'], 'every operation');
  for (const op of listOperations(contract)) collect(op.value.security, [...op.segments, 'security'], operationLabel(op));

  const issuers: SchemeIssuer[] = [];
  for (const name of scoped) {
    const scheme = schemes[name] as Record<string, unknown>;
    const base: Segments = ['components', 'securitySchemes', name];
    const urls: { url: unknown; segments: Segments }[] = [{ url: scheme.openIdConnectUrl, segments: [...base, 'openIdConnectUrl'] }];
    if (isRecord(scheme.flows))
      for (const [flow, spec] of Object.entries(scheme.flows))
        if (isRecord(spec))
          for (const key of ['authorizationUrl', 'tokenUrl', 'refreshUrl'])
            urls.push({ url: spec[key], segments: [...base, 'flows', flow, key] });
    for (const { url, segments } of urls) {
      const realm = typeof url === 'string' ? REALM_IN_URL.exec(url)?.[1] : undefined;
      if (realm && typeof url === 'string') issuers.push({ scheme: name, realm: decodeURIComponent(realm), url, segments });
    }
  }
  return { uses, issuers };
}
