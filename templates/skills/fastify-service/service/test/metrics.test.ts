import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from './support/test-app.js';

// Prometheus metrics: latency per route and calls per contract operation (usage analytics).
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

test('/metrics exposes request latency and calls per operation', async () => {
  const op = t.contract.operations[0];
  await t.app.inject({ method: op.method, url: op.url });
  const response = await t.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/plain/);
  assert.match(response.body, /http_request_duration_seconds_bucket\{/);
  assert.match(response.body, new RegExp(`api_requests_total\\{operation_id="${op.operationId}",status_code="401"\\} 1`));
  assert.match(response.body, /process_cpu_seconds_total/);
});
