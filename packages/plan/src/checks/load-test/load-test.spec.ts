import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from './load-test';

const dir = mkdtempSync(path.join(tmpdir(), 'load-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = path.join(__dirname, 'test-servers', 'delay-server.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const SPEC = `duration: 1
connections: 4
warmup: 0
requests:
  - method: GET
    path: /items
thresholds:
  p99Ms: 2000
  maxErrorRate: 0.01
  minRps: 1
`;

async function run(spec: string, delayMs = 0) {
  writeFileSync(path.join(dir, 'load.yaml'), spec);
  const port = await freePort();
  return check.run(['load.yaml'], { command: `DELAY_MS=${delayMs} exec node ${JSON.stringify(server)}`, port, timeout: 20 }, { cwd: dir });
}
import type { Finding } from '../contract';
import { undeclaredRules } from '../rule-catalogue';
import { rules } from './rule-catalogue';
/** Findings as rule@position; every rule reported must be declared in the check's catalogue. */
function brief(r: { findings: { rule: string; line?: number; column?: number }[] }): string[] {
  expect(undeclaredRules(rules, r.findings as Finding[])).toEqual([]);
  return r.findings.map((f) => `${f.rule}@${f.line}:${f.column}`);
}

describe('load-test', () => {
  it('passes a service within its thresholds and reports the figures', async () => {
    const r = await run(SPEC);
    expect(r.findings).toEqual([]);
    expect(r.metadata).toMatchObject({ connections: 4, requests: 1, failed: 0, statusCodes: { '200': expect.any(Number) } });
    expect(r.metadata!.total as number).toBeGreaterThan(10);
  }, 30_000);

  it('reports a missed latency threshold at its line', async () => {
    const r = await run(SPEC.replace('p99Ms: 2000', 'p99Ms: 5'), 30);
    expect(brief(r)).toEqual(['load/p99Ms@8:10']);
    expect(r.findings[0].message).toMatch(/^p99Ms: measured \d+ ms, threshold 5 ms/);
  }, 30_000);

  it('counts failed responses against maxErrorRate', async () => {
    const r = await run(SPEC.replace('path: /items', 'path: /broken'));
    expect(brief(r)).toEqual(['load/maxErrorRate@9:17']);
    expect(r.findings[0].message).toContain('measured 100.00%');
  }, 30_000);

  it('refuses a load test without thresholds or with unknown fields, at their lines, before starting anything', async () => {
    const r = await run('duration: 500\nrequests:\n  - { method: FETCH, path: items }\nthresholds: { p95: 3 }\n');
    expect(brief(r)).toEqual(['load/spec@1:11', 'load/spec@3:15', 'load/spec@3:28', 'load/spec@4:15']);
  });

  it('names a service that never answers', async () => {
    writeFileSync(path.join(dir, 'load.yaml'), SPEC);
    const r = await check.run(['load.yaml'], { command: 'exit 3', port: await freePort(), timeout: 5 }, { cwd: dir });
    expect(brief(r)).toEqual(['load/service-exited@1:1']);
  });
});
