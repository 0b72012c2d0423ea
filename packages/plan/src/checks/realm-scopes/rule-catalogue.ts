import { defineRules, RuleId } from '../rule-catalogue';

export const rules = defineRules({
  'realm/not-found': { severity: 'error', help: 'The realm export is missing or unreadable: check the path.' },
  'realm/yaml-*': { severity: 'error', help: 'The realm export is not JSON Keycloak can read.' },
  'realm/duplicate-key': { severity: 'error', help: 'Duplicate keys in the realm export: keep one.' },
  'realm/structure': { severity: 'error', help: 'The realm export has a part of the wrong shape (realm name, clients, clientScopes).' },
  'realm/disabled': { severity: 'warning', help: 'A disabled realm issues no tokens.' },
  'realm/scope-protocol': { severity: 'error', help: 'Scopes in OAuth2 access tokens come from openid-connect client scopes.' },
  'realm/unknown-scope': { severity: 'error', help: "A client's default/optional client scopes are scopes the realm defines." },
  'realm/unknown-role': { severity: 'error', help: 'Scope mappings name realm roles that exist.' },
  'realm/issuer-mismatch': { severity: 'error', help: "The contract's OIDC/OAuth2 URLs name the realm the export defines." },
  'realm/scope-missing': { severity: 'error', help: "Every scope the contract's security uses is a client scope of the realm." },
  'realm/scope-unassigned': { severity: 'error', help: "Every scope the contract's security uses is assigned to at least one client." },
  'realm/contract-unreadable': { severity: 'error', help: 'The OpenAPI contract given as --contract could not be read.' },
});

export type RealmRule = RuleId<typeof rules>;
