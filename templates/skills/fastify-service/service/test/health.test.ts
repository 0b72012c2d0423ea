import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../src/db.js';
import { startTestApp } from './support/test-app.js';

// Liveness, readiness (the database answers) and the circuit breaker around the identity provider.

test('/health is 200 and /ready is 200 once the database answers', async () => {
  const t = await startTestApp();
  try {
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/health' })).json(), { status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    assert.equal(ready.statusCode, 200, ready.body);
  } finally {
    await t.close();
  }
});

test('/ready is 503 when the database does not answer', async () => {
  // TEST DOUBLE at the database boundary: every query fails as an unreachable server would.
  const unreachable: Database = {
    kind: 'postgres',
    query: async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    },
    exec: async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    },
    close: async () => undefined,
  };
  const t = await startTestApp({}, { db: unreachable });
  try {
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    assert.equal(ready.statusCode, 503, ready.body);
    assert.equal(ready.json().status, 503);
  } finally {
    await t.close();
  }
});

test('identity provider down: 503s, the breaker opens (no more calls), and closes when it is back', async () => {
  const t = await startTestApp({}, { breakerResetMs: 300 });
  try {
    const op = t.contract.operations.find((o) => o.method === 'GET' && !o.url.includes(':'))!;
    const authorization = `Bearer ${await t.idp.token(op.scopes)}`;
    t.idp.down();
    for (let i = 0; i < 3; i++) {
      const response = await t.app.inject({ method: 'GET', url: op.url, headers: { authorization } });
      assert.equal(response.statusCode, 503, response.body);
    }
    const calls = t.idp.jwksRequests();
    const open = await t.app.inject({ method: 'GET', url: op.url, headers: { authorization } });
    assert.equal(open.statusCode, 503);
    assert.match(open.json().detail, /circuit open/);
    assert.equal(t.idp.jwksRequests(), calls, 'an open breaker does not call the identity provider');
    t.idp.up();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const recovered = await t.app.inject({ method: 'GET', url: op.url, headers: { authorization } });
    assert.equal(recovered.statusCode, 200, recovered.body);
  } finally {
    await t.close();
  }
});
