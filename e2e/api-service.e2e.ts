import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ids, PlanItems, type ItemRow } from './utils/plan-items';
import { Workspace, type RunResult } from './utils/workspace';

/**
 * Issue 13 acceptance with the real nx CLI and the packed plugin, in ONE workspace:
 * `nx g plan:api-service payments --resources=payments,refunds` (the service's packages added to
 * package.json and installed), a re-run, --dry-run and a kept user edit; then `nx run-many -t verify`
 * inside a network namespace that has only loopback: every item with a check is verified, the
 * unprovable ones stay unproven (awaiting attestation, blocking nothing); then the seven mutations
 * of the issue, each failing exactly the items that claim what it breaks, naming the file and line.
 * Mutations that touch independent streams share one verify run (each keeps its own expected items).
 */
const PLAN = 'payments';
const GENERATE = ['g', 'plan:api-service', PLAN, '--resources=payments,refunds', '--no-interactive'];

/** Items no machine here proves: production deployment, backups, publishing. */
const UNPROVABLE = ['G.1', 'G.4', 'integration-3.1', 'integration-3.3', 'success.4'];

/**
 * Items that run the service and come before anything it blocks: the endpoint test (D.3, D.5),
 * contract-test against it (E.1, integration 1), the whole suite (E.2). What follows stream D
 * (integration 2, G, the success criteria) is blocked, not failed.
 */
const SERVICE_ITEMS = ['D.3', 'D.5', 'E.1', 'E.2', 'integration-1.1', 'integration-1.2'];

// A cold verify of this plan starts the service, Prism and PGlite a dozen times: minutes on 2 cores.
jest.setTimeout(40 * 60_000);

/** `nx run-many -t verify` with only a loopback interface: any other network use fails. */
const verifyOffline = (ws: Workspace): RunResult =>
  ws.run('unshare', [
    '--net',
    'sh',
    '-c',
    `ip link set lo up && exec ${path.join(ws.root, 'node_modules', '.bin', 'nx')} run-many -t verify`,
  ]);

/** The CREATE/UPDATE/DELETE lines Nx prints for a generator run, sorted. */
const changes = (output: string): string[] =>
  output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(CREATE|UPDATE|DELETE) /.test(l))
    .map((l) => l.replace(/ \(\d+(\.\d+)? ?[kKMG]?i?B\)$/, ''))
    .sort();

describe('nx g plan:api-service (packed plugin, real nx)', () => {
  let ws: Workspace;
  let plan: PlanItems;
  const byId = (rows: ItemRow[], id: string): ItemRow => {
    const row = rows.find((i) => i.id === id);
    if (!row) throw new Error(`no failed item ${id} among ${ids(rows).join(', ')}`);
    return row;
  };
  /** The item failed with a first finding in `file` (plan-relative) at a line. */
  const expectFindingAt = (rows: ItemRow[], id: string, file: string) =>
    expect(byId(rows, id).firstFinding).toMatchObject({ file: expect.stringContaining(file), line: expect.any(Number) });

  beforeAll(() => {
    ws = Workspace.create('api-service');
    const gen = ws.nx(...GENERATE);
    if (gen.code !== 0) throw new Error(`generator failed:\n${gen.output}`);
    ws.commit('generate payments');
    plan = new PlanItems(ws, PLAN, { verify: verifyOffline });
  });

  it('writes the contract, service, mock, SDK, docs and infrastructure, and installs their packages', () => {
    for (const relative of [
      'plan.yaml',
      'PLAN.md',
      'contracts/openapi.yaml',
      'api/src/app.ts',
      'api/src/handlers/getPayment.ts',
      'api/migrations/0002_create_refunds.sql',
      'mock/start.sh',
      'sdk/src/index.ts',
      'sdk/examples/usage.ts',
      'docs/build.mjs',
      'docker-compose.yml',
      'Dockerfile',
      'infra/gateway/kong.yml',
      'infra/keycloak/realm.json',
      'infra/prometheus/prometheus.yml',
      'tests/contract/payments-sdk.pact.test.mjs',
      'tests/load/load-test.yaml',
      '.github/workflows/ci.yml',
    ])
      expect(readFileSync(plan.file(relative), 'utf8').length).toBeGreaterThan(0);
    const pkg = JSON.parse(ws.read('package.json'));
    expect(pkg.dependencies).toMatchObject({
      fastify: expect.any(String),
      jose: expect.any(String),
      '@electric-sql/pglite': expect.any(String),
    });
    expect(pkg.devDependencies).toMatchObject({ '@stoplight/prism-cli': expect.any(String), tsx: expect.any(String) });
    expect(existsSync(path.join(ws.root, 'node_modules', 'fastify', 'package.json'))).toBe(true);
  });

  it('a re-run changes nothing; --dry-run writes nothing and lists exactly what the real run then writes; a user edit survives', () => {
    const again = ws.nx(...GENERATE);
    expect(again.code).toBe(0);
    expect(ws.sh('git', ['status', '--porcelain'])).toBe('');
    plan.edit('api/src/handlers/listPayments.ts', (t) => `${t}// kept by the user\n`);
    rmSync(plan.file('docs/index.html'));
    const statusBefore = ws.sh('git', ['status', '--porcelain']);
    const dry = ws.nx(...GENERATE, '--dry-run');
    expect(dry.code).toBe(0);
    expect(ws.sh('git', ['status', '--porcelain'])).toBe(statusBefore);
    expect(existsSync(plan.file('docs/index.html'))).toBe(false);
    const real = ws.nx(...GENERATE);
    expect(real.code).toBe(0);
    // The deleted file comes back; the edited one is the user's now and is left alone.
    expect(changes(dry.output)).toEqual([`CREATE ${PLAN}/docs/index.html`]);
    expect(changes(real.output)).toEqual(changes(dry.output));
    expect(dry.output).toContain('kept payments/api/src/handlers/listPayments.ts: changed by the user');
    expect(real.output).toMatch(/1 created, 0 updated, \d+ unchanged, 1 kept/);
    expect(readFileSync(plan.file('api/src/handlers/listPayments.ts'), 'utf8')).toContain('// kept by the user');
    expect(existsSync(plan.file('docs/index.html'))).toBe(true);
    plan.restore();
    expect(ws.sh('git', ['status', '--porcelain'])).toBe('');
  });

  it('verifies every item that has a check with no network but loopback; the unprovable rest awaits attestation', () => {
    const run = verifyOffline(ws);
    const all = plan.items();
    const by = (s: string) => ids(all.filter((i) => i.status === s));
    expect(by('failed')).toEqual([]);
    expect(by('blocked')).toEqual([]);
    expect(by('unproven')).toEqual([...UNPROVABLE].sort());
    expect(by('verified')).toHaveLength(all.length - UNPROVABLE.length);
    // The plan-level verify gate fails until the unprovable items are attested.
    expect(run.code).not.toBe(0);
    // `plan status payments` (its text, as a user reads it) lists each of them as unproven, and nothing else open.
    const status = ws.plan('status', PLAN).output;
    for (const id of UNPROVABLE) expect(status).toMatch(new RegExp(`^ +\\S+ ${id.replace('.', '\\.')} +\\S+ +unproven `, 'm'));
    expect(status).toContain(
      `items: ${all.length - UNPROVABLE.length} verified, 0 attested, ${UNPROVABLE.length} unproven, 0 failed, 0 blocked`,
    );
  });

  it('attesting what no machine proves makes the whole run pass', () => {
    for (const id of UNPROVABLE) {
      const unit = id.startsWith('G.') ? 'deployment-operations' : id.split('.')[0];
      const r = ws.plan('attest', PLAN, unit, '--item', id, '--by', 'e2e', '--note', 'done outside this machine');
      expect(r.code).toBe(0);
    }
    const run = verifyOffline(ws);
    expect(plan.items().filter((i) => !['verified', 'attested'].includes(i.status))).toEqual([]);
    expect(run.code).toBe(0);
    ws.commit('attest production items');
  });

  it('a path parameter without required: true, depends_on a missing service, a gateway route off the contract and no HEALTHCHECK each fail their item at the line', () => {
    const failed = plan.failedAfter(() => {
      plan.edit('contracts/openapi.yaml', (t) => t.replace(/(name: paymentId\n\s+in: path\n)\s+required: true\n/, '$1'));
      plan.edit('docker-compose.yml', (t) =>
        t.replace(
          '      keycloak:\n        condition: service_healthy\n',
          '      keycloak:\n        condition: service_healthy\n      vault:\n        condition: service_healthy\n',
        ),
      );
      plan.edit('infra/gateway/kong.yml', (t) =>
        t.replace('          - ~/v1/refunds$\n', '          - ~/v1/refunds$\n          - ~/v1/payouts$\n'),
      );
      plan.edit('Dockerfile', (t) => t.replace(/^HEALTHCHECK(?:[^\n]*\\\n)*[^\n]*\n/m, ''));
    });
    // The contract is what A.1 (the specification) and A.2 (its schemas and validation rules) claim valid.
    expect(ids(failed)).toEqual(['A.1', 'A.2', 'B.1', 'B.2', 'C.3']);
    expectFindingAt(failed, 'A.1', 'contracts/openapi.yaml');
    expectFindingAt(failed, 'A.2', 'contracts/openapi.yaml');
    expectFindingAt(failed, 'B.1', 'docker-compose.yml');
    expect(byId(failed, 'B.1').firstFinding!.message).toContain('"vault"');
    expectFindingAt(failed, 'B.2', 'infra/gateway/kong.yml');
    expect(byId(failed, 'B.2').firstFinding!.message).toContain('/v1/payouts');
    expectFindingAt(failed, 'C.3', 'Dockerfile');
    expect(byId(failed, 'C.3').firstFinding!.message).toMatch(/HEALTHCHECK/);
  });

  it("one operation's handler (its route's code) removed fails the items that run the service; a type error in the SDK example fails the examples item", () => {
    const failed = plan.failedAfter(() => {
      // deleteRefund: no test but the endpoint suite (and contract-test) calls it; getPayment would also fail the
      // validation item, whose test asks for an unknown payment (a 404 that the missing handler turns into a 501).
      rmSync(plan.file('api/src/handlers/deleteRefund.ts'));
      plan.edit('sdk/examples/usage.ts', (t) => t.replace("console.log('created', created.id);", 'const id: number = created.id;'));
    });
    expect(ids(failed)).toEqual([...SERVICE_ITEMS, 'F.4'].sort());
    expect(byId(failed, 'D.3').firstFinding).toMatchObject({
      file: expect.stringContaining('api/test/endpoints.test.ts'),
      line: expect.any(Number),
      message: expect.stringContaining('contract operations without a handler: src/handlers/deleteRefund.ts'),
    });
    expectFindingAt(failed, 'F.4', 'sdk/examples/usage.ts');
    expect(byId(failed, 'F.4').firstFinding!.message).toMatch(/examples\/usage\.ts\(\d+,\d+\): error TS2322/);
  });

  it("a response field's type changed in the service fails the items that run the service, at the field", () => {
    const failed = plan.failedAfter(() =>
      plan.edit('api/src/resources/payments.ts', (t) =>
        t
          .replace('  amount: number;\n  currency', '  amount: string;\n  currency')
          .replace('amount: row.amount,', 'amount: String(row.amount),'),
      ),
    );
    expect(ids(failed)).toEqual([...SERVICE_ITEMS].sort());
    expect(byId(failed, 'D.3').firstFinding!.message).toMatch(/\/amount must be integer \(src\/handlers\/createPayment\.ts\)/);
    expectFindingAt(failed, 'D.3', 'api/test/endpoints.test.ts');
    expectFindingAt(failed, 'E.1', 'contracts/openapi.yaml');
    expect(byId(failed, 'E.1').firstFinding!.message).toContain('/amount');
  });
});
