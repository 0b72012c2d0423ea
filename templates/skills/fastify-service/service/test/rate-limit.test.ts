import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from './support/test-app.js';

// Rate limiting and the security headers every response carries.
let t: TestApp;
before(async () => {
  t = await startTestApp({ RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' });
});
after(() => t.close());

test('past the limit: 429 problem with Retry-After; health and metrics stay reachable', async () => {
  const op = t.contract.operations[0];
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < 7; i++) {
    last = await t.app.inject({ method: op.method, url: op.url });
    statuses.push(last.statusCode);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
  assert.match(String(last!.headers['content-type']), /^application\/problem\+json/);
  assert.equal(last!.json().status, 429);
  assert.ok(Number(last!.headers['retry-after']) > 0, 'Retry-After is set');
  assert.equal((await t.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
});

test('responses carry nosniff and no-store', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/health' });
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['cache-control'], 'no-store');
});
