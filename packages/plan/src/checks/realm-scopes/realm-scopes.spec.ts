import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from './realm-scopes';

const dir = mkdtempSync(path.join(tmpdir(), 'realm-scopes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTRACT = `openapi: 3.1.0
info: { title: Payments, version: 1.0.0 }
security:
  - oidc: [openid]
paths:
  /payments:
    get:
      security:
        - oidc: [payments:read]
      responses: { '200': { description: ok } }
    post:
      security:
        - oidc: [payments:write]
        - apiKey: []
      responses: { '201': { description: created } }
components:
  securitySchemes:
    oidc:
      type: openIdConnect
      openIdConnectUrl: http://localhost:8080/realms/payments/.well-known/openid-configuration
    apiKey: { type: apiKey, in: header, name: X-Api-Key }
`;

const REALM = {
  realm: 'payments',
  enabled: true,
  roles: { realm: [{ name: 'payments-reader' }, { name: 'payments-writer' }] },
  clientScopes: [
    { name: 'payments:read', protocol: 'openid-connect' },
    { name: 'payments:write', protocol: 'openid-connect' },
  ],
  scopeMappings: [{ clientScope: 'payments:read', roles: ['payments-reader'] }],
  clients: [{ clientId: 'payments-api', defaultClientScopes: ['payments:read'], optionalClientScopes: ['payments:write'] }],
};

async function run(realm: unknown, contract = CONTRACT) {
  writeFileSync(path.join(dir, 'openapi.yaml'), contract);
  writeFileSync(path.join(dir, 'realm.json'), typeof realm === 'string' ? realm : JSON.stringify(realm, null, 2));
  return check.run(['realm.json'], { contract: 'openapi.yaml' }, { cwd: dir });
}
import type { Finding } from '../contract';
import { undeclaredRules } from '../rule-catalogue';
import { rules } from './rule-catalogue';
/** Findings as rule@position; every rule reported must be declared in the check's catalogue. */
function brief(r: { findings: { rule: string; file: string; line?: number; column?: number }[] }): string[] {
  expect(undeclaredRules(rules, r.findings as Finding[])).toEqual([]);
  return r.findings.map((f) => `${f.rule}@${f.file}:${f.line}:${f.column}`);
}

describe('realm-scopes', () => {
  it('passes a realm that defines and assigns every scope the contract uses', async () => {
    const r = await run(REALM);
    expect(r.findings).toEqual([]);
    expect(r.metadata).toMatchObject({
      scopesUsed: ['openid', 'payments:read', 'payments:write'],
      realms: [{ file: 'realm.json', realm: 'payments', clientScopes: ['payments:read', 'payments:write'], clients: ['payments-api'] }],
    });
  });

  it('names a scope the realm lacks at its clientScopes line, with where the contract uses it', async () => {
    const r = await run({
      ...REALM,
      clientScopes: [REALM.clientScopes[0]],
      clients: [{ clientId: 'payments-api', defaultClientScopes: ['payments:read'] }],
    });
    expect(brief(r)).toEqual(['realm/scope-missing@realm.json:14:3']);
    expect(r.findings[0].message).toContain('requires scope "payments:write" (POST /payments, openapi.yaml:13)');
    expect(r.ok).toBe(false);
  });

  it('names a scope no client can obtain, and a client listing an undefined scope', async () => {
    const r = await run({ ...REALM, clients: [{ clientId: 'payments-api', defaultClientScopes: ['payments:read', 'payments:admin'] }] });
    expect(brief(r)).toEqual(['realm/scope-unassigned@realm.json:19:5', 'realm/unknown-scope@realm.json:37:9']);
  });

  it('names an issuer URL of another realm at its line in the contract', async () => {
    const r = await run({ ...REALM, realm: 'billing' });
    expect(brief(r)).toEqual(['realm/issuer-mismatch@openapi.yaml:20:25']);
  });

  it('takes Keycloak built-in scopes when the export lists no client scopes', async () => {
    const contract = CONTRACT.replace('[payments:read]', '[profile]').replace('[payments:write]', '[email]');
    const r = await run({ realm: 'payments', clients: [{ clientId: 'c', defaultClientScopes: ['profile', 'email'] }] }, contract);
    expect(r.findings).toEqual([]);
  });

  it('reports broken realm files at their position', async () => {
    expect(brief(await run('{"realm": "payments",'))).toEqual(['realm/yaml-syntax@realm.json:1:22']);
    const r = await run({ realm: 'payments', clientScopes: 'x', clients: [{ id: 1 }] });
    expect(brief(r)).toEqual([
      'realm/scope-missing@realm.json:1:1',
      'realm/scope-missing@realm.json:1:1',
      'realm/structure@realm.json:3:19',
      'realm/structure@realm.json:5:5',
    ]);
  });
});
