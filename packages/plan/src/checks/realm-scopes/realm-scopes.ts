import { rules } from './rule-catalogue';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { readInput, sortFindings } from '../contract-files/read-input';
import { loadContractOption } from '../openapi/contract-option';
import { findingAt, sourceOf } from '../openapi/load-openapi';
import { positionOf } from '../api-documents/load-document';
import { contractScopes } from './contract-scopes';
import { readRealm, Realm } from './read-realm';

export interface RealmScopesOptions {
  contract?: string;
}

/** Client scopes Keycloak creates in a realm whose export lists none; `openid` is no client scope but always granted. */
const KEYCLOAK_BUILTIN = new Set([
  'profile',
  'email',
  'address',
  'phone',
  'roles',
  'web-origins',
  'offline_access',
  'microprofile-jwt',
  'acr',
  'basic',
]);

/**
 * The Keycloak realm can issue every scope the contract's security asks for: each scope of an
 * oauth2/openIdConnect requirement is a client scope of the realm and assigned to at least one
 * client (default or optional), and the contract's issuer URLs name this realm.
 */
export const check: CheckDefinition<RealmScopesOptions> = {
  name: 'realm-scopes',
  rules,
  summary: "Keycloak realm export defines and assigns every OAuth2 scope the OpenAPI contract's security uses; issuer URLs name the realm",
  pathsDescription: 'Keycloak realm exports (realm.json)',
  options: [{ name: 'contract', type: 'string', description: 'the OpenAPI contract whose security scopes the realm must define' }],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('realm-scopes needs at least one Keycloak realm export (realm.json).');
    const loaded = loadContractOption(options.contract, context.cwd, 'realm-scopes');
    if ('findings' in loaded) return resultOf('realm-scopes', loaded.findings, { contract: options.contract });
    const { contract } = loaded;
    const findings: Finding[] = [];
    const realms: { file: string; realm: Realm }[] = [];
    for (const given of paths) {
      const input = await readInput(given, context.cwd, 'realm');
      if ('finding' in input) {
        findings.push(input.finding);
        continue;
      }
      const read = readRealm(input.text, given);
      findings.push(...read.findings);
      if (read.realm) realms.push({ file: given, realm: read.realm });
    }
    const { uses, issuers } = contractScopes(contract);
    if (realms.length > 0) {
      const names = realms.map((r) => r.realm.name).filter((n): n is string => !!n);
      for (const issuer of issuers) {
        if (names.includes(issuer.realm)) continue;
        findings.push(
          findingAt(
            contract,
            issuer.segments,
            'realm/issuer-mismatch',
            `Security scheme "${issuer.scheme}" points at Keycloak realm "${issuer.realm}" (${issuer.url}), but the realm export defines "${names.join('", "')}": tokens would come from another realm. Make the URL and the realm name agree.`,
          ),
        );
      }
      const reported = new Set<string>();
      for (const use of uses) {
        if (use.scope === 'openid' || reported.has(use.scope)) continue;
        reported.add(use.scope);
        const used = sourceOf(contract, use.segments);
        const usedAt = `${used.document.display}:${positionOf(used.document, used.segments).line}`;
        const defining = realms.find(
          (r) => r.realm.clientScopes.has(use.scope) || (!r.realm.listsClientScopes && KEYCLOAK_BUILTIN.has(use.scope)),
        );
        if (!defining) {
          const first = realms[0];
          const at = first.realm.doc.locate(first.realm.listsClientScopes ? ['clientScopes'] : [], 'key');
          findings.push({
            rule: 'realm/scope-missing',
            severity: 'error',
            message: `The contract's security requires scope "${use.scope}" (${use.where}, ${usedAt}), but realm "${first.realm.name ?? '?'}" defines no client scope of that name: add {"name": "${use.scope}", "protocol": "openid-connect"} to clientScopes and assign it to a client.`,
            file: first.file,
            ...at,
          });
          continue;
        }
        const clients = defining.realm.assigned.get(use.scope) ?? [];
        if (clients.length === 0) {
          const at = defining.realm.doc.locate(defining.realm.clientScopes.get(use.scope) ?? ['clients']);
          findings.push({
            rule: 'realm/scope-unassigned',
            severity: 'error',
            message: `Client scope "${use.scope}" (required by ${use.where}, ${usedAt}) is assigned to no client, so no token can carry it: add it to a client's defaultClientScopes or optionalClientScopes.`,
            file: defining.file,
            ...at,
          });
        }
      }
    }
    return resultOf('realm-scopes', sortFindings(findings), {
      contract: options.contract,
      scopesUsed: [...new Set(uses.map((u) => u.scope))].sort(),
      realms: realms.map(({ file, realm }) => ({
        file,
        realm: realm.name,
        clientScopes: [...realm.clientScopes.keys()],
        clients: realm.clients,
      })),
    });
  },
};
