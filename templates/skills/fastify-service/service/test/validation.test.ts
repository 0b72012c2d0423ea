import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { contractResources, itemUrl } from './support/contract-resources.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Input validation comes from the contract's schemas; every error is an RFC 9457 problem.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const isProblem = (response: { headers: Record<string, unknown>; json: () => any }, status: number) => {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.equal(response.json().status, status);
  assert.equal(typeof response.json().title, 'string');
};

test('a body missing a required field, with a wrong type or an unknown field is a 400 naming the field', async () => {
  const headers = await t.allScopes();
  for (const resource of contractResources(t.contract)) {
    const [first] = Object.keys(resource.createExample);
    const { [first]: _dropped, ...missing } = resource.createExample;
    const noField = await t.app.inject({ method: 'POST', url: resource.collection, headers, payload: missing });
    assert.equal(noField.statusCode, 400, noField.body);
    isProblem(noField, 400);
    assert.match(noField.body, new RegExp(first));

    const wrongType = await t.app.inject({
      method: 'POST',
      url: resource.collection,
      headers,
      payload: { ...resource.createExample, [first]: [] },
    });
    assert.equal(wrongType.statusCode, 400, wrongType.body);
    assert.ok(
      wrongType.json().errors.some((e: { pointer: string }) => e.pointer === `/body/${first}`),
      wrongType.body,
    );

    const unknown = await t.app.inject({
      method: 'POST',
      url: resource.collection,
      headers,
      payload: { ...resource.createExample, surprise: 1 },
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
  }
});

test('bad path ids, page sizes, cursors and JSON are 400s; unknown ids are 404s', async () => {
  const headers = await t.allScopes();
  const [resource] = contractResources(t.contract);
  const badId = await t.app.inject({ method: 'GET', url: itemUrl(resource, 'not-a-uuid'), headers });
  assert.equal(badId.statusCode, 400, badId.body);
  isProblem(badId, 400);
  const badLimit = await t.app.inject({ method: 'GET', url: `${resource.collection}?limit=0`, headers });
  assert.equal(badLimit.statusCode, 400, badLimit.body);
  const badCursor = await t.app.inject({ method: 'GET', url: `${resource.collection}?cursor=bm90LWFuLWlk`, headers });
  assert.equal(badCursor.statusCode, 400, badCursor.body);
  const badJson = await t.app.inject({
    method: 'POST',
    url: resource.collection,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: '{"a":',
  });
  assert.equal(badJson.statusCode, 400, badJson.body);
  isProblem(badJson, 400);
  const missing = await t.app.inject({ method: 'GET', url: itemUrl(resource, '00000000-0000-4000-8000-000000000000'), headers });
  assert.equal(missing.statusCode, 404, missing.body);
  isProblem(missing, 404);
  const noRoute = await t.app.inject({ method: 'GET', url: '/nowhere' });
  isProblem(noRoute, 404);
});
