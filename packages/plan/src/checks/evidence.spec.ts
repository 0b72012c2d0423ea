import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { allTasks, Plan, PlanSchema } from '../model/plan-schema';
import { ATTESTATIONS_FILE, attest, attestationState, fileHashes, readAttestations, writeAttestations } from './attestations';
import { outcomeReport } from './evidence';
import { formatStatus, planStatus } from './plan-status';
import { verifyPlan, verifyTask } from './verify-plan';
import './builtin';

/**
 * The evidence states over a real plan folder and the real files-exist check: verified only by
 * checks, attested only where no check exists and only while the files match, unproven otherwise,
 * failed checks never overridden, dependants of an unproven task blocked.
 */
const plan: Plan = PlanSchema.parse({
  version: 1,
  name: 'evidence',
  kind: 'custom',
  title: 'Evidence',
  phases: [
    {
      id: '1',
      title: 'One',
      tasks: [
        { id: '1.1', key: 'checked', title: 'Checked', files: [{ path: 'src/a.txt' }], checks: [{ uses: 'files-exist' }] },
        { id: '1.2', key: 'manual', title: 'Manual', estimate: 30, files: [{ path: 'docs/review.md' }, { path: 'docs/shots/' }] },
        { id: '1.3', key: 'broken', title: 'Broken', checks: [{ uses: 'files-exist', with: { paths: ['nope.txt'] } }] },
        { id: '1.4', key: 'bare', title: 'Bare', estimate: 5 },
      ],
    },
    { id: '2', title: 'Two', tasks: [{ id: '2.1', key: 'after', title: 'After', estimate: 10, dependsOn: ['manual'], checks: [] }] },
  ],
});
const task = (key: string) => allTasks(plan).find((t) => t.key === key)!;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plan-evidence-'));
  for (const [file, text] of Object.entries({ 'src/a.txt': 'a\n', 'docs/review.md': 'ok\n', 'docs/shots/1.png': 'png' })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(key: string, by = 'Ada'): void {
  const doc = readAttestations(dir);
  doc.attestations[key] = attest(task(key), dir, by, 'looked at it', new Date('2026-12-01T10:00:00Z'));
  writeAttestations(dir, doc);
}

describe('evidence states', () => {
  it('a task with checks is verified; one without is unproven, never verified', async () => {
    expect((await verifyTask(plan, dir, 'checked')).status).toBe('verified');
    const manual = await verifyTask(plan, dir, 'manual');
    expect(manual.status).toBe('unproven');
    expect(manual.reason).toBe('no check proves it and nobody attested it');
    // files-exist still runs first: the files the task creates are there, but that proves nothing more.
    expect(manual.results.map((r) => [r.check, r.ok])).toEqual([['files-exist', true]]);
  });

  it('an attestation makes a task without checks attested, with who, when, note and a hash per file', async () => {
    record('manual');
    const doc = JSON.parse(readFileSync(path.join(dir, ATTESTATIONS_FILE), 'utf8'));
    expect(Object.keys(doc.attestations.manual.files)).toEqual(['docs/review.md', 'docs/shots/1.png']);
    expect(doc.attestations.manual).toMatchObject({ by: 'Ada', at: '2026-12-01T10:00:00.000Z', note: 'looked at it' });
    expect(doc.attestations.manual.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const outcome = await verifyTask(plan, dir, 'manual');
    expect(outcome.status).toBe('attested');
    expect(outcome.attestation?.by).toBe('Ada');
  });

  it('changing, adding or removing a covered file turns the attestation stale (unproven, naming the file)', async () => {
    record('manual');
    writeFileSync(path.join(dir, 'docs/review.md'), 'changed\n');
    let outcome = await verifyTask(plan, dir, 'manual');
    expect([outcome.status, outcome.reason]).toEqual([
      'unproven',
      'the attestation by Ada on 2026-12-01 no longer holds (changed since: docs/review.md)',
    ]);
    record('manual');
    writeFileSync(path.join(dir, 'docs/shots/2.png'), 'new');
    outcome = await verifyTask(plan, dir, 'manual');
    expect(outcome.reason).toContain('changed since: docs/shots/2.png');
    record('manual');
    expect((await verifyTask(plan, dir, 'manual')).status).toBe('attested');
  });

  it('a failing check is never overridden by an attestation', async () => {
    const doc = readAttestations(dir);
    doc.attestations.broken = attest(task('bare'), dir, 'Mallory', 'trust me');
    writeAttestations(dir, doc);
    expect((await verifyTask(plan, dir, 'broken')).status).toBe('failed');
  });

  it('a task with checks is not attested by an entry in attestations.json: its checks decide', async () => {
    record('checked');
    expect((await verifyTask(plan, dir, 'checked')).status).toBe('verified');
    rmSync(path.join(dir, 'src/a.txt'));
    record('checked');
    expect((await verifyTask(plan, dir, 'checked')).status).toBe('failed');
  });

  it('dependants of an unproven task are blocked; of an attested one they run', async () => {
    let outcomes = await verifyPlan(plan, dir);
    expect(outcomes.map((o) => [o.key, o.status])).toEqual([
      ['checked', 'verified'],
      ['manual', 'unproven'],
      ['broken', 'failed'],
      ['bare', 'unproven'],
      ['after', 'blocked'],
    ]);
    expect(outcomes.find((o) => o.key === 'after')!.blockedBy).toEqual(['manual']);
    record('manual');
    outcomes = await verifyPlan(plan, dir);
    expect(outcomes.find((o) => o.key === 'manual')!.status).toBe('attested');
    // "after" has an empty checks list: it runs now, and nothing proves it.
    expect(outcomes.find((o) => o.key === 'after')!.status).toBe('unproven');
  });

  it('status counts each state, and the remaining critical path runs over every task not done', async () => {
    record('manual');
    const status = planStatus(plan, new Map((await verifyPlan(plan, dir)).map((o) => [o.key, o])));
    expect(status.counts).toEqual({ verified: 1, attested: 1, unproven: 2, failed: 1, blocked: 0 });
    expect([status.done, status.verified, status.total]).toEqual([2, 1, 5]);
    expect(status.remaining.keys).toEqual(['after']);
    const text = formatStatus(status, 'plans/e/plan.yaml');
    expect(text).toContain('✎ 1.2  manual   attested by Ada on 2026-12-01: looked at it');
    expect(text).toContain('? 1.4  bare     unproven: no check proves it and nobody attested it');
    expect(text).toContain('1 verified, 1 attested, 2 unproven, 1 failed, 0 blocked: 2/5 tasks done (40%)');
    expect(text).toContain('npx plan attest plans/e/plan.yaml bare --by "<who>"');
  });

  it('a broken attestations.json leaves tasks without checks unproven, saying why', async () => {
    writeFileSync(path.join(dir, ATTESTATIONS_FILE), '{ "version": 1, "attestations": { "manual": { "by": "Ada" } } }');
    const outcome = await verifyTask(plan, dir, 'manual');
    expect(outcome.status).toBe('unproven');
    expect(outcome.reason).toMatch(/attestations\.json: attestation "manual" has no "at": fix it or delete it/);
    writeFileSync(path.join(dir, ATTESTATIONS_FILE), '{');
    expect((await verifyTask(plan, dir, 'manual')).reason).toMatch(/attestations\.json is not valid JSON/);
  });

  it('an edited content hash does not stand', () => {
    record('manual');
    const doc = readAttestations(dir);
    doc.attestations.manual.files['docs/review.md'] = '0'.repeat(64);
    expect(attestationState(task('manual'), dir, doc).state).toBe('stale');
  });

  it('an attestation of a task covering the whole plan folder survives its own write and recorded results', async () => {
    const whole = PlanSchema.parse({
      ...plan,
      phases: [{ id: '1', title: 'One', tasks: [{ id: '1.1', key: 'all', title: 'All', files: [{ path: './' }] }] }],
    });
    const doc = readAttestations(dir);
    doc.attestations.all = attest(allTasks(whole)[0], dir, 'Ada', 'all of it');
    writeAttestations(dir, doc);
    mkdirSync(path.join(dir, '.plan/results'), { recursive: true });
    writeFileSync(path.join(dir, '.plan/results/all.json'), '{}');
    expect((await verifyTask(whole, dir, 'all')).status).toBe('attested');
    writeFileSync(path.join(dir, 'src/a.txt'), 'b\n');
    expect((await verifyTask(whole, dir, 'all')).reason).toContain('changed since: src/a.txt');
  });

  it('hashes a missing file as missing and a folder file by file', () => {
    expect(fileHashes(dir, ['gone.txt', 'docs/shots/'])).toEqual({
      'docs/shots/1.png': expect.stringMatching(/^[0-9a-f]{64}$/),
      'gone.txt': 'missing',
    });
  });
});

describe('outcomeReport (the Nx target and plan verify)', () => {
  it('fails an unproven task, saying how to add a check and the exact attest command', async () => {
    const report = outcomeReport(await verifyTask(plan, dir, 'manual'), 'plans/e/plan.yaml');
    expect(report.ok).toBe(false);
    expect(report.text).toContain('? 1.2 manual: unproven: no check proves it and nobody attested it');
    expect(report.text).toContain('      checks:\n        - uses: command\n          with: { command: ');
    expect(report.text).toContain('npx plan attest plans/e/plan.yaml manual --by "<who>" --note "<what was confirmed, and how>"');
  });

  it('passes an attested task, saying by whom; passes verified; fails failed and blocked', async () => {
    record('manual', 'agent:reviewer');
    const attested = outcomeReport(await verifyTask(plan, dir, 'manual'), 'p/plan.yaml');
    expect(attested).toEqual({ ok: true, text: '✎ 1.2 manual: attested by agent:reviewer on 2026-12-01: looked at it\n' });
    expect(outcomeReport(await verifyTask(plan, dir, 'checked'), 'p').ok).toBe(true);
    const failed = outcomeReport(await verifyTask(plan, dir, 'broken'), 'p');
    expect(failed.ok).toBe(false);
    expect(failed.text).toMatch(/^✖ 1\.3 broken: failed: nope\.txt File does not exist/);
    rmSync(path.join(dir, ATTESTATIONS_FILE));
    const blocked = (await verifyPlan(plan, dir)).find((o) => o.key === 'after')!;
    expect(outcomeReport(blocked, 'p')).toEqual({ ok: false, text: '… 2.1 after: blocked by manual\n' });
  });

  it('quotes a plan path the shell would split', () => {
    expect(
      outcomeReport({ key: 'bare', task: task('bare'), status: 'unproven', blockedBy: [], results: [] }, 'my plans/plan.yaml').text,
    ).toContain("npx plan attest 'my plans/plan.yaml' bare");
  });
});
