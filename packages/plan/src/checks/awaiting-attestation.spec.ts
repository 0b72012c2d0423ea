import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parsePlanYaml } from '../model/loader';
import { Plan } from '../model/plan-schema';
import { attestItem, readAttestations, writeAttestations } from './attestations';
import { awaitsAttestation, outcomeReport } from './evidence';
import { planStatus } from './plan-status';
import { verifyPlan } from './verify-plan';
import './builtin';

/**
 * Items a kind marks `unprovable` are a person's job: while they wait for an attestation, the
 * machine still proves everything after them. An item that merely lacks a check still blocks.
 */
const plan = (secondItem: string): Plan =>
  parsePlanYaml(
    `version: 1
name: handoff
kind: custom
title: Hand-off
phases:
  - id: "1"
    title: Deploy
    tasks:
      - id: A
        key: deploy
        title: Deploy
        items:
          - text: Build the image
            checks: [{ uses: command, with: { command: "test -f Dockerfile" } }]
          - ${secondItem}
  - id: "2"
    title: Operate
    tasks:
      - id: B
        key: operate
        title: Operate
        dependsOn: [A]
        items:
          - text: Alerts are defined
            checks: [{ uses: command, with: { command: "test -f alerts.yml" } }]
successCriteria:
  - text: Alerts exist
    checks: [{ uses: command, with: { command: "test -f alerts.yml" } }]
`,
    'plan.yaml',
  ).plan!;

const MARKED = 'text: Deployed to production\n            unprovable: no production cluster here';
const UNMARKED = 'text: Deployed to production';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plan-awaiting-'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(path.join(dir, 'alerts.yml'), 'groups: []\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('awaiting attestation', () => {
  it('a stream whose only open item is marked unprovable stays unproven but lets what follows run and verify', async () => {
    const p = plan(MARKED);
    const outcomes = await verifyPlan(p, dir);
    expect(outcomes.map((o) => [o.key, o.status])).toEqual([
      ['deploy', 'unproven'],
      ['operate', 'verified'],
      ['success', 'verified'],
    ]);
    const deploy = outcomes[0];
    expect(awaitsAttestation(deploy.task, deploy)).toBe(true);
    const report = outcomeReport(deploy, 'handoff/plan.yaml');
    expect(report.ok).toBe(true);
    expect(report.text).toContain('awaiting attestation: A.2 (not verified; what follows runs)');
    expect(report.text).toContain('npx plan attest handoff/plan.yaml deploy --item A.2 --by "<who>"');
    const status = planStatus(p, new Map(outcomes.map((o) => [o.key, o])));
    expect(status.counts).toMatchObject({ verified: 2, unproven: 1, blocked: 0 });
    expect(status.done).toBeLessThan(status.total);
  });

  it('an unmarked item without a check blocks what follows, and its target fails', async () => {
    const outcomes = await verifyPlan(plan(UNMARKED), dir);
    expect(outcomes.map((o) => [o.key, o.status])).toEqual([
      ['deploy', 'unproven'],
      ['operate', 'blocked'],
      ['success', 'blocked'],
    ]);
    expect(awaitsAttestation(outcomes[0].task, outcomes[0])).toBe(false);
    expect(outcomeReport(outcomes[0], 'p').ok).toBe(false);
  });

  it('a failed item is never awaiting attestation, even beside a marked one', async () => {
    rmSync(path.join(dir, 'Dockerfile'));
    const outcomes = await verifyPlan(plan(MARKED), dir);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'blocked', 'blocked']);
    expect(awaitsAttestation(outcomes[0].task, outcomes[0])).toBe(false);
  });

  it('attesting the marked item makes the stream verified', async () => {
    const p = plan(MARKED);
    const deploy = p.phases[0].tasks[0];
    const doc = readAttestations(dir);
    doc.items = { 'A.2': attestItem(deploy.items[1], deploy, dir, 'Ada', 'deployed by the release pipeline') };
    writeAttestations(dir, doc);
    mkdirSync(path.join(dir, '.plan'), { recursive: true });
    const outcomes = await verifyPlan(p, dir);
    expect(outcomes.map((o) => o.status)).toEqual(['verified', 'verified', 'verified']);
  });
});
