import { contractScopes } from '../infra-stack/contract-facts';
import { checkStack, envPrefix, Stack } from '../infra-stack/stack';

export const REALM_PATH = 'infra/keycloak/realm.json';

/**
 * The Keycloak realm the stack imports at start (`start-dev --import-realm`): one client scope
 * per scope the contracts' security uses, each bound to a realm role of the same purpose
 * (`payments:write` → role `payments-write`), a confidential client with a service account for
 * machine calls (client credentials, every scope optional), and a public PKCE client for the docs
 * explorer and browser apps. The client secret is a Keycloak placeholder read from the
 * environment at import, never a literal. `realm-scopes` checks it against the contracts.
 */
export function renderRealm(stack: Stack): Map<string, string> {
  checkStack(stack);
  const seen = new Map<string, string>();
  for (const s of stack.services) if (s.contract) for (const scope of contractScopes(s.contract)) seen.set(scope.name, scope.description);
  const scopes = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const roleOf = (scope: string) => scope.replace(/[^A-Za-z0-9_-]+/g, '-');
  const names = scopes.map(([name]) => name);
  const machine = `${stack.name}-service`;
  const browser = `${stack.name}-web`;
  const realm = {
    realm: stack.name,
    displayName: stack.title,
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    accessTokenLifespan: 300,
    roles: { realm: scopes.map(([name, description]) => ({ name: roleOf(name), description })) },
    clientScopes: [
      ...scopes.map(([name, description]) => ({
        name,
        description,
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'true' },
      })),
      {
        name: 'api-audience',
        description: `Puts the API's audience in access tokens`,
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'false' },
        protocolMappers: [
          {
            name: 'audience',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            config: { 'included.custom.audience': `${stack.name}-api`, 'access.token.claim': 'true', 'id.token.claim': 'false' },
          },
        ],
      },
    ],
    // A scope is granted only to clients whose user (or service account) holds its role.
    scopeMappings: scopes.map(([name]) => ({ clientScope: name, roles: [roleOf(name)] })),
    clients: [
      {
        clientId: machine,
        name: `${stack.title} (machine client)`,
        enabled: true,
        protocol: 'openid-connect',
        publicClient: false,
        clientAuthenticatorType: 'client-secret',
        secret: `\${${envPrefix(stack.name)}_CLIENT_SECRET}`,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
        fullScopeAllowed: false,
        defaultClientScopes: ['api-audience'],
        optionalClientScopes: names,
      },
      {
        clientId: browser,
        name: `${stack.title} (browser client)`,
        enabled: true,
        protocol: 'openid-connect',
        publicClient: true,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        redirectUris: ['http://localhost:*'],
        webOrigins: ['+'],
        attributes: { 'pkce.code.challenge.method': 'S256' },
        fullScopeAllowed: false,
        defaultClientScopes: ['api-audience'],
        optionalClientScopes: names,
      },
    ],
    users: [
      {
        username: `service-account-${machine}`,
        enabled: true,
        serviceAccountClientId: machine,
        realmRoles: scopes.map(([name]) => roleOf(name)),
      },
    ],
  };
  return new Map([[REALM_PATH, `${JSON.stringify(realm, null, 2)}\n`]]);
}
