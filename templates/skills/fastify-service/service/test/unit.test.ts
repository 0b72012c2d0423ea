import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { decodeCursor, encodeCursor, uuidv7 } from '../src/ids.js';
import { guardOutbound } from '../src/outbound.js';
import { problem } from '../src/problem.js';

// Unit tests of the pure modules: the runner, TypeScript through tsx, and assertions all work.

test('uuidv7 ids sort by creation time and cursors round-trip', () => {
  const a = uuidv7(1_700_000_000_000);
  const b = uuidv7(1_700_000_000_001);
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(a < b);
  assert.equal(decodeCursor(encodeCursor(a)), a);
  assert.equal(decodeCursor('garbage'), undefined);
});

test('problem details follow RFC 9457', () => {
  assert.deepEqual(problem(404, 'gone'), { type: 'about:blank', title: 'Not Found', status: 404, detail: 'gone' });
});

test('config: defaults, and bad values are refused by name', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.authMode, 'jwt');
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
  assert.throws(() => loadConfig({ AUTH_MODE: 'none' }), /AUTH_MODE/);
});

test('the circuit breaker opens after failures and fails fast', async () => {
  let calls = 0;
  const guarded = guardOutbound(
    'flaky',
    async () => {
      calls += 1;
      throw new Error('down');
    },
    { volumeThreshold: 2, resetTimeout: 10_000 },
  );
  for (let i = 0; i < 3; i++) await assert.rejects(guarded.fire(), /flaky is unavailable/);
  const before = calls;
  await assert.rejects(guarded.fire(), /circuit open/);
  assert.equal(calls, before);
  guarded.breaker.shutdown();
});
