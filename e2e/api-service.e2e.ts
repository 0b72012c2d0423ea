import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Workspace } from './utils/workspace';

/**
 * Issue 13 acceptance with the real nx CLI and the packed plugin, in ONE workspace:
 * `nx g plan:api-service payments --resources=payments,refunds` (the service's packages added to
 * package.json and installed), then `nx run-many -t verify` inside a network namespace that has
 * only loopback: every item with a check is verified, the unprovable ones stay unproven. Then the
 * mutations of the issue, each failing the items that claim what it breaks, naming the file.
 */
interface ItemRow {
  id: string;
  status: string;
  firstFinding?: { file: string; line?: number; message: string; rule: string };
}
interface Row {
  key: string;
  status: string;
  items: ItemRow[];
}

const PLAN = 'payments';

// A cold verify of this plan starts the service, Prism and PGlite a dozen times: minutes on 2 cores.
jest.setTimeout(30 * 60_000);

/**
 * Items that run the service and come before anything it blocks: the endpoint test (D.3, D.5),
 * contract-test against it (E.1, integration 1), the whole suite (E.2). What follows stream D
 * (integration 2, G, the success criteria) is blocked, not failed.
 */
const SERVICE_ITEMS = ['D.3', 'D.5', 'E.1', 'E.2', 'integration-1.1', 'integration-1.2'];

describe('nx g plan:api-service (packed plugin, real nx)', () => {
  let ws: Workspace;
  const file = (relative: string) => path.join(ws.root, PLAN, relative);
  const edit = (relative: string, change: (text: string) => string) => {
    const before = readFileSync(file(relative), 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`mutation of ${relative} changed nothing`);
    writeFileSync(file(relative), after);
  };
  const restore = () => ws.sh('git', ['checkout', '--', '.']);
  const items = (): ItemRow[] => {
    const run = ws.plan('status', PLAN, '--json');
    if (run.code !== 0 && run.code !== 1) throw new Error(`plan status failed:\n${run.output}`);
    return (JSON.parse(run.stdout).rows as Row[]).flatMap((r) => r.items);
  };
  /** `nx run-many -t verify` with only a loopback interface: any other network use fails. */
  const verifyOffline = () =>
    ws.run('unshare', [
      '--net',
      'sh',
      '-c',
      `ip link set lo up && exec ${path.join(ws.root, 'node_modules', '.bin', 'nx')} run-many -t verify`,
    ]);
  const failedAfter = (mutate: () => void): ItemRow[] => {
    mutate();
    const run = verifyOffline();
    expect(run.code).not.toBe(0);
    const failed = items().filter((i) => i.status === 'failed');
    restore();
    return failed;
  };
  const ids = (rows: ItemRow[]) => rows.map((i) => i.id).sort();

  beforeAll(() => {
    ws = Workspace.create('api-service');
    const gen = ws.nx('g', 'plan:api-service', PLAN, '--resources=payments,refunds', '--no-interactive');
    if (gen.code !== 0) throw new Error(`generator failed:\n${gen.output}`);
    ws.commit('generate payments');
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
      'infra/keycloak/realm.json',
      '.github/workflows/ci.yml',
    ])
      expect(readFileSync(file(relative), 'utf8').length).toBeGreaterThan(0);
    const pkg = JSON.parse(ws.read('package.json'));
    expect(pkg.dependencies).toMatchObject({
      fastify: expect.any(String),
      jose: expect.any(String),
      '@electric-sql/pglite': expect.any(String),
    });
    expect(pkg.devDependencies).toMatchObject({ '@stoplight/prism-cli': expect.any(String), tsx: expect.any(String) });
    expect(existsSync(path.join(ws.root, 'node_modules', 'fastify', 'package.json'))).toBe(true);
  });

  it('a re-run changes nothing, --dry-run writes nothing, a user edit survives a re-run', () => {
    const again = ws.nx('g', 'plan:api-service', PLAN, '--resources=payments,refunds', '--no-interactive');
    expect(again.code).toBe(0);
    expect(ws.sh('git', ['status', '--porcelain'])).toBe('');
    edit('api/src/handlers/listPayments.ts', (t) => `${t}// kept by the user\n`);
    rmSync(file('docs/index.html'));
    const dry = ws.nx('g', 'plan:api-service', PLAN, '--resources=payments,refunds', '--no-interactive', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.output).toMatch(/CREATE payments\/docs\/index\.html/);
    expect(dry.output).not.toMatch(/UPDATE payments\/api\/src\/handlers\/listPayments\.ts/);
    expect(existsSync(file('docs/index.html'))).toBe(false);
    const real = ws.nx('g', 'plan:api-service', PLAN, '--resources=payments,refunds', '--no-interactive');
    expect(real.code).toBe(0);
    expect(readFileSync(file('api/src/handlers/listPayments.ts'), 'utf8')).toContain('// kept by the user');
    expect(existsSync(file('docs/index.html'))).toBe(true);
    restore();
    expect(ws.sh('git', ['status', '--porcelain'])).toBe('');
  });

  it('verifies every item that has a check with no network but loopback; the rest is unproven', () => {
    const run = verifyOffline();
    const all = items();
    const by = (s: string) => ids(all.filter((i) => i.status === s));
    expect(by('failed')).toEqual([]);
    // Production deployment and backups: no machine here proves them. What follows stream G waits.
    expect(by('unproven')).toEqual(['G.1', 'G.4']);
    expect(by('blocked')).toEqual(
      ['integration-3.1', 'integration-3.2', 'integration-3.3', 'success.1', 'success.2', 'success.3', 'success.4', 'success.5'].sort(),
    );
    expect(by('verified')).toHaveLength(all.length - 10);
    expect(run.code).not.toBe(0);
    expect(ws.plan('status', PLAN).output).toMatch(/G\.1 .*unproven/);
  });

  it('attesting what no machine proves lets integration 3 and the success criteria run', () => {
    const attest = (task: string, item: string) => {
      const r = ws.plan('attest', PLAN, task, '--item', item, '--by', 'e2e', '--note', 'done outside this machine');
      expect(r.output).not.toMatch(/error/i);
    };
    attest('deployment-operations', 'G.1');
    attest('deployment-operations', 'G.4');
    attest('integration-3', 'integration-3.1');
    attest('integration-3', 'integration-3.3');
    attest('success', 'success.4');
    const run = verifyOffline();
    expect(items().filter((i) => !['verified', 'attested'].includes(i.status))).toEqual([]);
    expect(run.code).toBe(0);
    ws.commit('attest production items');
  });

  it('a handler module removed fails the items that run the service, naming the missing file', () => {
    const failed = failedAfter(() => rmSync(file('api/src/handlers/getPayment.ts')));
    expect(ids(failed)).toEqual([...SERVICE_ITEMS].sort());
    const endpoints = failed.find((i) => i.id === 'D.3')!;
    expect(endpoints.firstFinding!.message).toContain('src/handlers/getPayment.ts');
  });

  it("a response field's type changed in the service fails the items that run the service, at the field", () => {
    const failed = failedAfter(() =>
      edit('api/src/resources/payments.ts', (t) =>
        t
          .replace('  amount: number;\n  currency', '  amount: string;\n  currency')
          .replace('amount: row.amount,', 'amount: String(row.amount),'),
      ),
    );
    expect(ids(failed)).toEqual([...SERVICE_ITEMS].sort());
    expect(failed.find((i) => i.id === 'D.3')!.firstFinding!.message).toMatch(
      /\/amount must be integer \(src\/handlers\/createPayment\.ts\)/,
    );
    const contract = failed.find((i) => i.id === 'E.1')!.firstFinding!;
    expect(contract.file).toContain('contracts/openapi.yaml');
    expect(contract.message).toContain('/amount');
  });

  it('a path parameter without required: true fails the contract items at its line', () => {
    const failed = failedAfter(() =>
      edit('contracts/openapi.yaml', (t) => t.replace(/(name: paymentId\n\s+in: path\n)\s+required: true\n/, '$1')),
    );
    expect(ids(failed)).toEqual(['A.1', 'A.2']);
    expect(failed[0].firstFinding).toMatchObject({ file: expect.stringContaining('contracts/openapi.yaml'), line: expect.any(Number) });
  });

  it('a type error in the SDK example fails the examples item naming the file and line', () => {
    const failed = failedAfter(() =>
      edit('sdk/examples/usage.ts', (t) => t.replace("console.log('created', created.id);", 'const id: number = created.id;')),
    );
    expect(ids(failed)).toEqual(['F.4']);
    expect(failed[0].firstFinding!.message).toMatch(/examples\/usage\.ts\(\d+,\d+\): error TS2322/);
  });

  it('the HEALTHCHECK removed fails the scanning item at the Dockerfile', () => {
    const failed = failedAfter(() => edit('Dockerfile', (t) => t.replace(/^HEALTHCHECK[^\n]*(\\\n[^\n]*)*\n/m, '')));
    expect(ids(failed)).toEqual(['C.3']);
    expect(failed[0].firstFinding!.file).toContain('Dockerfile');
  });
});
