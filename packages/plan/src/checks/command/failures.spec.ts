import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../run-check';
import { failuresIn } from './failures';

describe('failuresIn', () => {
  it('reads tsc diagnostics with their position, resolved against the folder', () => {
    const out = [
      "sdk/examples/usage.ts(8,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      'src/a.ts(1,1): error TS1005: ";" expected.',
      'Found 2 errors.',
    ].join('\n');
    expect(failuresIn(out, '/plan')).toEqual([
      {
        file: '/plan/sdk/examples/usage.ts',
        line: 8,
        column: 7,
        message: "sdk/examples/usage.ts(8,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      },
      { file: '/plan/src/a.ts', line: 1, column: 1, message: 'src/a.ts(1,1): error TS1005: ";" expected.' },
    ]);
  });

  it("reads node:test's TAP: the failed leaf test, its assertion's line in the test file, the message without the diff", () => {
    const out = [
      'TAP version 13',
      '# Subtest: outer',
      '    # Subtest: inner',
      '    not ok 1 - inner',
      '      ---',
      "      location: '/plan/api/test/a.test.ts:1:357'",
      "      failureType: 'testCodeFailure'",
      '      error: |-',
      '        contract operations without a handler: src/handlers/getPayment.ts',
      '        + actual - expected',
      '        ',
      '        + [ 1 ]',
      '      stack: |-',
      '        TestContext.<anonymous> (/plan/api/test/a.test.ts:18:10)',
      '      ...',
      'not ok 1 - outer',
      '  ---',
      "  location: '/plan/api/test/a.test.ts:1:1'",
      "  failureType: 'subtestsFailed'",
      "  error: '1 subtest failed'",
      '  ...',
      'ok 2 - fine',
      'not ok 3 - skipped one # SKIP not here',
      '# fail 1',
    ].join('\n');
    expect(failuresIn(out, '/elsewhere')).toEqual([
      {
        file: '/plan/api/test/a.test.ts',
        line: 18,
        column: 10,
        message: 'inner: contract operations without a handler: src/handlers/getPayment.ts',
      },
    ]);
  });

  it('finds nothing in other output, and never prints terminal controls', () => {
    expect(failuresIn('make: *** [all] Error 2\n', '/p')).toEqual([]);
    const [f] = failuresIn('not ok 1 - evil \u001b]0;x\u0007 \u202e name\n', '/p');
    expect(f.message).toBe('evil \\u001b]0;x\\u0007 \\u202e name');
    expect(f.file).toBeUndefined();
  });
});

describe('command check: the failure the output names is the finding', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plan-command-failures-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a failing node:test file: the test, its message and the assertion line, not the summary', async () => {
    writeFileSync(
      path.join(dir, 'a.test.mjs'),
      [
        "import test from 'node:test';",
        "import assert from 'node:assert/strict';",
        "test('passes', () => {});",
        "test('GET /v1/payments/{id} answers 200', () => {",
        "  assert.equal(501, 200, 'getPayment is not implemented: src/handlers/getPayment.ts is missing');",
        '});',
        '',
      ].join('\n'),
    );
    const result = await runCheck('command', [], { command: 'node --test a.test.mjs' }, { cwd: dir });
    expect(result.ok).toBe(false);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      rule: 'command/exit-code',
      file: path.join(dir, 'a.test.mjs'),
      line: 5,
      message:
        '"node --test a.test.mjs" exited with 1: GET /v1/payments/{id} answers 200: getPayment is not implemented: src/handlers/getPayment.ts is missing',
    });
  });

  it('other output: the exit code and the last lines, at the folder', async () => {
    const result = await runCheck('command', [], { command: 'echo one; echo two; exit 3' }, { cwd: dir });
    expect(result.findings).toEqual([
      expect.objectContaining({ file: dir, message: '"echo one; echo two; exit 3" exited with 3:\none\ntwo' }),
    ]);
  });
});
