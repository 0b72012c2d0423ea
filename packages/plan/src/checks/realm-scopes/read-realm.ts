import { Finding } from '../contract';
import { readYaml, ValuePath, YamlDocument } from '../contract-files/yaml-source';

/**
 * A Keycloak realm export (realm.json, what `--import-realm` reads), for what OAuth2 scopes a
 * client can obtain: the realm's client scopes, the clients and the scopes assigned to them.
 * No official JSON Schema exists; the fields read here follow Keycloak's RealmRepresentation.
 */
export interface Realm {
  doc: YamlDocument;
  name?: string;
  /** Client scope name → where it is defined. */
  clientScopes: Map<string, ValuePath>;
  /** Scope name → the clients (clientId) that get it by default or may request it. */
  assigned: Map<string, string[]>;
  /** Whether the realm lists its client scopes (else Keycloak creates its built-in ones). */
  listsClientScopes: boolean;
  clients: string[];
  roles: Set<string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readRealm(text: string, file: string): { realm?: Realm; findings: Finding[] } {
  const source = readYaml(text, file, { rule: 'realm', reader: 'Keycloak' });
  if (source.findings.length > 0) return { findings: source.findings };
  const doc = source.documents[0];
  const findings: Finding[] = [];
  const add = (rule: string, message: string, at: ValuePath, severity: Finding['severity'] = 'error') => {
    const pos = doc.locate(at);
    findings.push({ rule: `realm/${rule}`, severity, message, file, line: pos.line, column: pos.column });
  };
  if (!doc || !isObj(doc.value)) {
    const start = doc?.start ?? { line: 1, column: 1 };
    findings.push({
      rule: 'realm/structure',
      severity: 'error',
      message: 'Not a Keycloak realm export: expected a JSON object with "realm", "clients" and "clientScopes".',
      file,
      ...start,
    });
    return { findings };
  }
  const root = doc.value;
  const name = typeof root.realm === 'string' && root.realm !== '' ? root.realm : undefined;
  if (!name)
    add('structure', 'The realm has no "realm" name: Keycloak refuses to import it.', typeof root.realm === 'undefined' ? [] : ['realm']);
  if (root.enabled === false)
    add('disabled', `Realm "${name}" is disabled ("enabled": false): no client can obtain a token from it.`, ['enabled'], 'warning');

  const list = (key: string): unknown[] => {
    const value = root[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    add('structure', `"${key}" must be a list.`, [key]);
    return [];
  };
  const clientScopes = new Map<string, ValuePath>();
  list('clientScopes').forEach((scope, i) => {
    if (!isObj(scope) || typeof scope.name !== 'string')
      return add('structure', `clientScopes[${i}] must be an object with a "name".`, ['clientScopes', i]);
    if (scope.protocol !== undefined && scope.protocol !== 'openid-connect')
      add(
        'scope-protocol',
        `Client scope "${scope.name}" has protocol "${String(scope.protocol)}": OAuth2 access tokens carry only openid-connect scopes.`,
        ['clientScopes', i, 'protocol'],
      );
    if (clientScopes.has(scope.name))
      add('structure', `Client scope "${scope.name}" is defined twice: keep one.`, ['clientScopes', i, 'name']);
    clientScopes.set(scope.name, ['clientScopes', i]);
  });
  const roles = new Set<string>();
  const realmRoles = isObj(root.roles) && Array.isArray(root.roles.realm) ? root.roles.realm : [];
  for (const role of realmRoles) if (isObj(role) && typeof role.name === 'string') roles.add(role.name);

  const assigned = new Map<string, string[]>();
  const assign = (scope: string, client: string) => assigned.set(scope, [...(assigned.get(scope) ?? []), client]);
  const clients: string[] = [];
  list('clients').forEach((client, i) => {
    if (!isObj(client) || typeof client.clientId !== 'string')
      return add('structure', `clients[${i}] must be an object with a "clientId".`, ['clients', i]);
    clients.push(client.clientId);
    for (const key of ['defaultClientScopes', 'optionalClientScopes']) {
      const names = client[key];
      if (names === undefined) continue;
      if (!Array.isArray(names)) {
        add('structure', `Client "${client.clientId}": "${key}" must be a list of client scope names.`, ['clients', i, key]);
        continue;
      }
      names.forEach((scope, j) => {
        if (typeof scope !== 'string') return;
        assign(scope, client.clientId as string);
        if (Array.isArray(root.clientScopes) && !clientScopes.has(scope))
          add(
            'unknown-scope',
            `Client "${client.clientId}" lists the client scope "${scope}", which the realm does not define: add it to clientScopes or remove it here.`,
            ['clients', i, key, j],
          );
      });
    }
  });
  const clientScopeMappings = isObj(root.scopeMappings) ? [] : list('scopeMappings');
  clientScopeMappings.forEach((mapping, i) => {
    if (!isObj(mapping) || !Array.isArray(mapping.roles)) return;
    mapping.roles.forEach((role, j) => {
      if (typeof role === 'string' && !roles.has(role))
        add('unknown-role', `scopeMappings[${i}] maps the realm role "${role}", which roles.realm does not define.`, [
          'scopeMappings',
          i,
          'roles',
          j,
        ]);
    });
  });
  return {
    realm: { doc, name, clientScopes, assigned, listsClientScopes: Array.isArray(root.clientScopes), clients, roles },
    findings,
  };
}
