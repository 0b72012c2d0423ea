import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { handlerFile } from '../src/operation.js';
import { loadHandlers } from '../src/routes.js';
import { contractResources, itemUrl } from './support/contract-resources.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Every operation of the contract, end to end through the real app and database (PGlite); the app
// checks each response against the contract, so a drifted field fails here with its JSON pointer.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

test('every contract operation has its handler module', async () => {
  const { missing } = await loadHandlers(t.contract);
  assert.deepEqual(
    missing.map((id) => `${id}: create ${handlerFile(id)}`),
    [],
    `contract operations without a handler: ${missing.map(handlerFile).join(', ')}`,
  );
});

test('each resource: create, get, list page by page, update, delete', async () => {
  const headers = await t.allScopes();
  for (const resource of contractResources(t.contract)) {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await t.app.inject({ method: 'POST', url: resource.collection, headers, payload: resource.createExample });
      assert.equal(created.statusCode, 201, `POST ${resource.collection}: ${created.body}`);
      ids.push(created.json().id);
      assert.equal(created.headers.location, itemUrl(resource, created.json().id));
    }
    const got = await t.app.inject({ method: 'GET', url: itemUrl(resource, ids[0]), headers });
    assert.equal(got.statusCode, 200, `GET ${resource.item}: ${got.body}`);
    assert.equal(got.json().id, ids[0]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await t.app.inject({ method: 'GET', url: `${resource.collection}${query}`, headers });
      assert.equal(page.statusCode, 200, `GET ${resource.collection}${query}: ${page.body}`);
      seen.push(...page.json().data.map((r: { id: string }) => r.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ids, 'pages list every resource once, oldest first');

    const changed = await t.app.inject({ method: 'PATCH', url: itemUrl(resource, ids[1]), headers, payload: resource.updateExample });
    assert.equal(changed.statusCode, 200, `PATCH ${resource.item}: ${changed.body}`);
    for (const [field, value] of Object.entries(resource.updateExample)) assert.deepEqual(changed.json()[field], value);

    const deleted = await t.app.inject({ method: 'DELETE', url: itemUrl(resource, ids[2]), headers });
    assert.equal(deleted.statusCode, 204, `DELETE ${resource.item}: ${deleted.body}`);
    const gone = await t.app.inject({ method: 'GET', url: itemUrl(resource, ids[2]), headers });
    assert.equal(gone.statusCode, 404, `GET after DELETE: ${gone.body}`);
  }
});
