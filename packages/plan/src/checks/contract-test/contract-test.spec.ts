import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CheckResult } from '../contract';
import { check, ContractTestOptions } from './contract-test';
import { portOpen } from '../process/http-call';

const SERVERS = path.join(__dirname, 'test-servers');
const CONTRACT = 'items.openapi.yaml';
const PYTHON = '/usr/bin/python3';
const hasFastApi = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore' }).status === 0;

let nextPort = 20000 + (process.pid % 5000) * 2;
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'contract-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A zombie (killed, waiting for a busy PID 1 to reap it) counts as gone: it runs nothing. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

async function run(command: string, options: Partial<ContractTestOptions> = {}, env: Record<string, string> = {}): Promise<CheckResult> {
  const port = nextPort++;
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const result = await check.run([CONTRACT], { command, port, timeout: 20, env: Object.keys(env), ...options }, { cwd: SERVERS });
    // The service never outlives the check: its process is gone and its port is closed.
    const pid = (result.metadata?.service as { pid?: number } | undefined)?.pid;
    expect({ pid, alive: pid !== undefined && alive(pid), listening: await portOpen(port) }).toEqual({
      pid,
      alive: false,
      listening: false,
    });
    return result;
  } finally {
    process.env = saved;
  }
}

const summary = (result: CheckResult) => result.findings.map((f) => `${f.rule} ${f.line}:${f.column} ${f.message}`);
const contractLine = (needle: string) =>
  readFileSync(path.join(SERVERS, CONTRACT), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

function expectExactlyTheThreeMistakes(result: CheckResult, undocumentedHow: string) {
  expect(result.ok).toBe(false);
  expect(result.findings.map((f) => f.rule).sort()).toEqual([
    'contract/operation-missing',
    'contract/response-invalid',
    'contract/route-undocumented',
  ]);
  const missing = result.findings.find((f) => f.rule === 'contract/operation-missing')!;
  expect(missing.message).toContain('DELETE /items/{itemId}');
  expect(missing).toMatchObject({ file: CONTRACT, line: contractLine('    delete:'), column: 5 });
  const invalid = result.findings.find((f) => f.rule === 'contract/response-invalid')!;
  expect(invalid.message).toContain('GET /items/{itemId} → 200');
  expect(invalid.message).toContain('field /price must be number (got "1.50")');
  expect(invalid).toMatchObject({ line: contractLine('operationId: getItem') - 1, column: 5 });
  const route = result.findings.find((f) => f.rule === 'contract/route-undocumented')!;
  expect(route.message).toContain('GET /admin/stats');
  expect(route.message).toContain(undocumentedHow);
}

describe('contract-test against a Node server (node:http)', () => {
  it('passes a conforming server and reports every operation it exercised', async () => {
    const result = await run('node items-server.js', { probe: ['/admin/stats'] });
    expect(summary(result)).toEqual([]);
    expect(result.ok).toBe(true);
    const operations = result.metadata!.operations as { operation: string; status: number }[];
    expect(operations.map((o) => `${o.operation} ${o.status}`)).toEqual([
      'GET /items 200',
      'GET /items/{itemId} 200',
      'POST /items 201',
      'DELETE /items/{itemId} 204',
    ]);
  });

  it('reports exactly the missing operation, the wrong field type and the undocumented route; stops the whole group', async () => {
    const pidFile = path.join(scratch, 'child.pid');
    const result = await run('node items-server.js --broken', { probe: ['/admin/stats', '/nothing-here'] }, { CHILD_PID_FILE: pidFile });
    expectExactlyTheThreeMistakes(result, 'answered HTTP 200');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    expect(alive(grandchild)).toBe(false);
  });

  it('does not pass secrets to the service', async () => {
    const envFile = path.join(scratch, 'env.json');
    writeFileSync(
      path.join(scratch, 'dump-env.js'),
      `require('fs').writeFileSync(${JSON.stringify(envFile)}, JSON.stringify(process.env)); require('http').createServer((q, s) => { s.writeHead(404); s.end(); }).listen(+process.env.PORT, '127.0.0.1');`,
    );
    process.env.PLAN_TEST_API_TOKEN = 'do-not-leak';
    try {
      await run(`node ${JSON.stringify(path.join(scratch, 'dump-env.js'))}`);
    } finally {
      delete process.env.PLAN_TEST_API_TOKEN;
    }
    const env = JSON.parse(readFileSync(envFile, 'utf8'));
    expect(env.PLAN_TEST_API_TOKEN).toBeUndefined();
    expect(env.PORT).toMatch(/^\d+$/);
  });

  it('reports a service that exits, one that never answers, and a port already taken', async () => {
    const exited = await run('echo starting; exit 3');
    expect(exited.findings).toEqual([
      expect.objectContaining({ rule: 'contract/service-exited', message: expect.stringContaining('exit code 3') }),
    ]);
    expect(exited.findings[0].message).toContain('starting');

    const silent = await run('sleep 30', { timeout: 0.5 });
    expect(silent.findings).toEqual([expect.objectContaining({ rule: 'contract/service-not-ready' })]);

    const port = nextPort++;
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const taken = await check.run([CONTRACT], { command: 'node items-server.js', port, timeout: 5 }, { cwd: SERVERS });
      expect(taken.findings).toEqual([expect.objectContaining({ rule: 'contract/service-port-in-use' })]);
    } finally {
      blocker.close();
    }
  });

  it('rejects bad usage', async () => {
    await expect(check.run([CONTRACT], { port: 1 }, { cwd: SERVERS })).rejects.toThrow('--command');
    await expect(check.run([CONTRACT], { command: 'true' }, { cwd: SERVERS })).rejects.toThrow('--port');
    await expect(check.run([CONTRACT], { command: 'true', port: 2, probe: ['admin'] }, { cwd: SERVERS })).rejects.toThrow('probe');
  });
});

(hasFastApi ? describe : describe.skip)('contract-test against a Python server (FastAPI + uvicorn)', () => {
  it('passes a conforming server', async () => {
    const result = await run(`${PYTHON} items_server.py`);
    expect(summary(result)).toEqual([]);
    expect(result.metadata!.advertisedRoutes).toBe(4);
  });

  it('reports exactly the three mistakes, the undocumented route from what FastAPI advertises', async () => {
    const result = await run(`${PYTHON} items_server.py --broken`);
    expectExactlyTheThreeMistakes(result, 'advertises it at /openapi.json');
  });
});
