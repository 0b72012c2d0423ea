import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parsePlanYaml } from '../model/loader';
import { Plan } from '../model/plan-schema';
import { SHOP_EVIDENCE as PLAN } from '../testing/stream-plans';
import { attestItem, itemAttestationState, readAttestations, writeAttestations } from './attestations';
import { outcomeReport } from './evidence';
import { formatStatus, planStatus } from './plan-status';
import { verifyPlan, verifyTask } from './verify-plan';
import './builtin';

/**
 * Items as units of evidence over a real plan folder, the real files-exist and command checks:
 * each item has its own state, a stream is verified only when every item is verified or attested,
 * integration points and success criteria run after the tasks they follow.
 */

let dir: string;
let plan: Plan;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plan-items-'));
  writeFileSync(path.join(dir, 'openapi.yaml'), 'openapi: 3.0.3\n');
  plan = parsePlanYaml(PLAN, 'plan.yaml').plan!;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function attestItems(ids: string[], by = 'Ada'): void {
  const doc = readAttestations(dir);
  doc.items ??= {};
  for (const unit of [...plan.phases.flatMap((p) => p.tasks)]) {
    for (const item of unit.items.filter((i) => ids.includes(i.id!))) doc.items[item.id!] = attestItem(item, unit, dir, by, 'looked');
  }
  writeAttestations(dir, doc);
}

describe('items as units of evidence', () => {
  it('each item has its own state; the stream is unproven while any item is, even with a verified item', async () => {
    const a = await verifyTask(plan, dir, 'api-contract');
    expect(a.items!.map((i) => [i.id, i.status])).toEqual([
      ['A.1', 'verified'],
      ['A.2', 'unproven'],
      ['A.3', 'unproven'],
    ]);
    expect(a.items![2].reason).toBe('no machine proves it here (needs the staging cluster) and nobody attested it');
    expect(a.status).toBe('unproven');
    expect(a.reason).toBe('2 of 3 item(s) not proven (A.2: no check proves it and nobody attested it; …)');
    // The stream's own files-exist, then the item's command: every result is kept for reports.
    expect(a.results.map((r) => [r.check, r.ok])).toEqual([
      ['files-exist', true],
      ['command', true],
    ]);
    const text = outcomeReport(a, 'shop/plan.yaml').text;
    expect(text).toContain('    ? A.2 Review it with product: unproven: no check proves it and nobody attested it');
    expect(text).toContain('npx plan attest shop/plan.yaml api-contract --item A.2 --by "<who>"');
  });

  it('attested items make the stream verified when its other items are verified; a failing item fails it', async () => {
    attestItems(['A.2', 'A.3']);
    const a = await verifyTask(plan, dir, 'api-contract');
    expect([a.status, a.items!.map((i) => i.status)]).toEqual(['verified', ['verified', 'attested', 'attested']]);
    writeFileSync(path.join(dir, 'openapi.yaml'), 'swagger: 2\n');
    const failed = await verifyTask(plan, dir, 'api-contract');
    // The command fails, and the attestations no longer hold: they covered the stream's file.
    expect(failed.items!.map((i) => i.status)).toEqual(['failed', 'unproven', 'unproven']);
    expect(failed.items![1].reason).toMatch(/no longer holds \(changed since: openapi\.yaml\)/);
    expect(failed.status).toBe('failed');
  });

  it("an item's attestation binds to its text: a reworded item is unproven again", () => {
    attestItems(['A.2']);
    const reworded = parsePlanYaml(PLAN.replace('Review it with product', 'Review it with legal'), 'plan.yaml').plan!;
    const item = reworded.phases[0].tasks[0].items[1];
    const state = itemAttestationState(item, reworded.phases[0].tasks[0], dir, readAttestations(dir));
    expect(state).toMatchObject({ state: 'stale', changed: ['the item text'] });
  });

  it('integration points and success criteria run after the tasks they follow; blocked items are reported blocked', async () => {
    const outcomes = await verifyPlan(plan, dir);
    expect(outcomes.map((o) => [o.key, o.status, o.blockedBy])).toEqual([
      ['api-contract', 'unproven', []],
      ['backend', 'blocked', ['api-contract']],
      ['integration-1', 'blocked', ['api-contract']],
      ['success', 'blocked', ['api-contract', 'backend', 'integration-1']],
    ]);
    expect(outcomes[1].items!.map((i) => [i.id, i.status])).toEqual([['B.1', 'blocked']]);

    attestItems(['A.2', 'A.3']);
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src/app.py'), 'app = 1\n');
    const next = await verifyPlan(plan, dir);
    expect(next.map((o) => [o.key, o.status])).toEqual([
      ['api-contract', 'verified'],
      ['backend', 'verified'],
      ['integration-1', 'verified'],
      ['success', 'unproven'],
    ]);
  });

  it('plan status lists every item with id, priority and state, counts items, and names unestimated streams', async () => {
    const status = planStatus(plan, new Map((await verifyPlan(plan, dir)).map((o) => [o.key, o])));
    expect(status.rows.map((r) => [r.kind, r.key, r.status, r.items.map((i) => `${i.id}:${i.status}`)])).toEqual([
      ['task', 'api-contract', 'unproven', ['A.1:verified', 'A.2:unproven', 'A.3:unproven']],
      ['task', 'backend', 'blocked', ['B.1:blocked']],
      ['integration', 'integration-1', 'blocked', ['integration-1.1:blocked']],
      ['success', 'success', 'blocked', ['success.1:blocked']],
    ]);
    expect(status.itemCounts).toEqual({ verified: 1, attested: 0, unproven: 2, failed: 0, blocked: 3, total: 6 });
    expect([status.done, status.total]).toEqual([0, 4]);
    expect(status.unestimated).toEqual(['backend']);
    const text = formatStatus(status, 'shop/plan.yaml');
    expect(text).toContain('    ✔ A.1             critical verified Write the OpenAPI specification');
    expect(text).toContain(
      '    ? A.3             -        unproven Publish the mock server — no machine proves it here (needs the staging cluster)',
    );
    expect(text).toContain('… integration-1  blocked by api-contract');
    expect(text).toContain('0 verified, 0 attested, 1 unproven, 0 failed, 3 blocked: 0/4 targets');
    expect(text).toContain('items: 1 verified, 0 attested, 2 unproven, 0 failed, 3 blocked: 1/6 done');
    expect(text).toContain('remaining critical path: api-contract → backend (240 min; no estimate for backend, counted as 0 min)');
    expect(text).toContain('npx plan attest shop/plan.yaml api-contract --item A.2');
  });
});
