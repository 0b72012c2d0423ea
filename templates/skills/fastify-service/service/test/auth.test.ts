import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// JWT verification against the issuer's JWKS (served by the IdP test double) and scopes per
// operation from the contract. Only refusals are exercised here, so no database is started.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const secured = () => t.contract.operations.find((op) => op.method === 'POST' && op.scopes.length > 0)!;

test('no token: 401 with WWW-Authenticate', async () => {
  const op = secured();
  const response = await t.app.inject({ method: op.method, url: op.url, payload: {} });
  assert.equal(response.statusCode, 401, response.body);
  assert.equal(response.headers['www-authenticate'], 'Bearer');
  assert.equal(response.json().status, 401);
});

test('a token signed by another key, expired, or from another issuer: 401', async () => {
  const op = secured();
  const tokens = [
    await t.idp.foreignToken(op.scopes),
    await t.idp.token(op.scopes, { exp: Math.floor(Date.now() / 1000) - 60 }),
    await t.idp.token(op.scopes, { iss: 'https://elsewhere.example' }),
    'not-a-jwt',
  ];
  for (const token of tokens) {
    const response = await t.app.inject({ method: op.method, url: op.url, headers: { authorization: `Bearer ${token}` }, payload: {} });
    assert.equal(response.statusCode, 401, response.body);
  }
});

test("a valid token without the operation's scope: 403 naming the scope", async () => {
  const op = secured();
  const token = await t.idp.token(['unrelated:read']);
  const response = await t.app.inject({ method: op.method, url: op.url, headers: { authorization: `Bearer ${token}` }, payload: {} });
  assert.equal(response.statusCode, 403, response.body);
  assert.match(response.json().detail, new RegExp(op.scopes[0]));
});

test('every contract operation names the scopes it needs', () => {
  assert.deepEqual(
    t.contract.operations.filter((op) => op.scopes.length === 0).map((op) => op.operationId),
    [],
  );
});

test('AUTH_MODE=contract-test is refused in production', () => {
  assert.throws(() => loadConfig({ AUTH_MODE: 'contract-test', NODE_ENV: 'production' }), /refused/);
});
