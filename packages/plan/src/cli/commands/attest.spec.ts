import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { scanLines } from '../../model/markdown/blocks';
import { splitTemplates } from '../../model/markdown/seed-documents';
import { variableNames } from '../../model/markdown/variables';
import { captureIO } from '../../testing/capture-io';
import { describeWithSharedSeeds, readSeed } from '../../testing/shared-seeds';
import { main } from '../main';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-attest-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function plan(root: string, ...argv: string[]) {
  const io = captureIO(root);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const PLAN = `version: 1
name: site
kind: custom
title: Site
phases:
  - id: "1"
    title: One
    tasks:
      - { id: "1.1", key: copy-review, title: Copy review, files: [{ path: copy.md }] }
      - { id: "1.2", key: build, title: Build, files: [{ path: out.txt }], checks: [{ uses: files-exist }] }
      - { id: "1.3", key: legal, title: Legal sign-off, files: [{ path: legal.pdf }] }
`;

describe('plan attest', () => {
  it('records who, when, the note, the commit and per-file hashes in attestations.json; --revoke withdraws it', async () => {
    const root = workspace({ 'p/plan.yaml': PLAN, 'p/copy.md': 'Hello\n', 'p/out.txt': 'x' });
    const done = await plan(root, 'attest', 'p', 'copy-review', '--by', 'Ada', '--note', 'read every page');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(
      /^attested copy-review by Ada on \d{4}-\d\d-\d\d: read every page\n {2}covers 1 file\(s\), content sha256 [0-9a-f]{12}; recorded in p\/attestations.json\n$/,
    );
    const doc = JSON.parse(readFileSync(path.join(root, 'p/attestations.json'), 'utf8'));
    expect(doc.version).toBe(1);
    expect(doc.attestations['copy-review']).toMatchObject({ by: 'Ada', note: 'read every page', files: { 'copy.md': expect.any(String) } });
    expect(Date.parse(doc.attestations['copy-review'].at)).not.toBeNaN();
    // A temporary folder is no git repository: no commit recorded.
    expect(doc.attestations['copy-review'].commit).toBeUndefined();

    const again = await plan(root, 'attest', 'p/plan.yaml', '1.1', '--by', 'Bo', '--note', 'second look');
    expect(again.out).toContain('(replaces the attestation by Ada on');

    const revoked = await plan(root, 'attest', 'site', 'copy-review', '--revoke');
    expect([revoked.code, revoked.out]).toEqual([
      0,
      expect.stringMatching(/^revoked the attestation of copy-review by Bo on .*; copy-review is unproven again/),
    ]);
    expect(JSON.parse(readFileSync(path.join(root, 'p/attestations.json'), 'utf8')).attestations).toEqual({});
    const twice = await plan(root, 'attest', 'p', 'copy-review', '--revoke');
    expect([twice.code, twice.err]).toEqual([
      1,
      'plan: task "copy-review" has no attestation in p/attestations.json; nothing to revoke.\n',
    ]);
  });

  it('records the commit when the plan is in a git repository', async () => {
    const root = workspace({ 'p/plan.yaml': PLAN, 'p/copy.md': 'Hello\n' });
    const { spawnSync } = await import('node:child_process');
    const git = (...a: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'init');
    const head = git('rev-parse', 'HEAD').stdout.trim();
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect((await plan(root, 'attest', 'p', 'copy-review', '--by', 'Ada', '--note', 'n')).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(root, 'p/attestations.json'), 'utf8')).attestations['copy-review'].commit).toBe(head);
  });

  it('refuses clearly: unknown task (did you mean), missing --by or --note, a task with checks, files that do not exist', async () => {
    const root = workspace({ 'p/plan.yaml': PLAN, 'p/copy.md': 'Hello\n' });
    const unknown = await plan(root, 'attest', 'p', 'copy-reveiw', '--by', 'Ada', '--note', 'n');
    expect([unknown.code, unknown.err]).toEqual([
      2,
      'plan: Plan "site" has no task or item "copy-reveiw" (did you mean "copy-review"?). Tasks: copy-review, build, legal.\n',
    ]);
    const noBy = await plan(root, 'attest', 'p', 'copy-review', '--note', 'n');
    expect([noBy.code, noBy.err]).toEqual([
      2,
      'plan: plan attest needs --by <who>: the person or agent vouching for the task.\nRun "plan attest --help" for usage.\n',
    ]);
    const noNote = await plan(root, 'attest', 'p', 'copy-review', '--by', 'Ada');
    expect([noNote.code, noNote.err.split('\n')[0]]).toEqual([2, 'plan: plan attest needs --note <text>: what was confirmed, and how.']);
    const checked = await plan(root, 'attest', 'p', 'build', '--by', 'Ada', '--note', 'n');
    expect(checked.code).toBe(1);
    expect(checked.err).toContain('task "build" has checks (files-exist); they prove it, and an attestation never stands in for a check.');
    const missing = await plan(root, 'attest', 'p', 'legal', '--by', 'Ada', '--note', 'n');
    expect([missing.code, missing.err]).toEqual([
      1,
      'plan: task "legal" lists files that do not exist: legal.pdf.\n  Create them first, then attest.\n',
    ]);
    expect(await plan(root, 'attest', 'p')).toMatchObject({ code: 2, err: expect.stringContaining('needs a plan and a task') });
    // Nothing was written by any refusal.
    expect(() => readFileSync(path.join(root, 'p/attestations.json'))).toThrow();
    const help = await plan(root, 'attest', '--help');
    expect([help.code, help.out]).toEqual([
      0,
      expect.stringContaining('Usage: plan attest <plan.yaml|folder|project> <task> [--item <id>]... --by <who> --note <text>'),
    ]);
  });
});

describe('plan status --strict with attestations', () => {
  it('exits 1 while a task is unproven, 0 once every task is verified or attested; a changed file undoes it', async () => {
    const root = workspace({ 'p/plan.yaml': PLAN, 'p/copy.md': 'Hello\n', 'p/out.txt': 'x', 'p/legal.pdf': '%PDF' });
    const before = await plan(root, 'status', 'p', '--no-nx', '--strict', '--json');
    expect(before.code).toBe(1);
    expect(JSON.parse(before.out).counts).toEqual({ verified: 1, attested: 0, unproven: 2, failed: 0, blocked: 0 });
    await plan(root, 'attest', 'p', 'copy-review', '--by', 'Ada', '--note', 'n');
    await plan(root, 'attest', 'p', 'legal', '--by', 'Lee', '--note', 'signed');
    const after = await plan(root, 'status', 'p', '--no-nx', '--strict', '--json');
    expect(after.code).toBe(0);
    const rows = JSON.parse(after.out).rows;
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['attested', 'verified', 'attested']);
    expect(rows[2].attestation).toMatchObject({ by: 'Lee', note: 'signed' });
    writeFileSync(path.join(root, 'p/legal.pdf'), '%PDF-2');
    const changed = await plan(root, 'status', 'p', '--no-nx', '--strict');
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/\? 1\.3 +legal +unproven: the attestation by Lee on \S+ no longer holds \(changed since: legal\.pdf\)/);
  });
});

/** Seed 001 template 1 filled by hand, as its user would, with values of our own. */
const OWN_VALUES: Record<string, string> = {
  '[Project Name]': 'Harbour Ledger',
  '[Brief 1-2 sentence description of the web application]': 'A web ledger for small harbours: berths, invoices and payments.',
  '[Backend Framework]': 'NestJS',
  '[Frontend Framework]': 'SvelteKit',
};

describeWithSharedSeeds('acceptance (issue 9): an imported seed-001 plan is not done until it is proven', () => {
  const templates = splitTemplates(readSeed('001'));

  it('template 1 filled by hand: nothing verified, --strict exits 1; attesting a task makes it attested; changing its files undoes it', async () => {
    let markdown = templates[0].markdown;
    for (const [placeholder, value] of Object.entries(OWN_VALUES)) markdown = markdown.split(placeholder).join(value);
    const root = workspace({ 'docs/PLAN.md': markdown });
    // As a plain plan (--kind custom): the web-app kind's overlay would give stream A's items checks, and a task with checks is not attested.
    const imported = await plan(root, 'import', 'docs/PLAN.md', '--directory', 'ledger', '--kind', 'custom');
    expect([imported.code, imported.err]).toEqual([0, '']);

    const first = await plan(root, 'status', 'ledger', '--no-nx', '--strict', '--json');
    expect(first.code).toBe(1);
    const status = JSON.parse(first.out);
    expect(status.rows.length).toBeGreaterThan(3);
    expect(status.counts.verified).toBe(0);
    expect(status.done).toBe(0);
    expect(status.remaining.keys.length).toBeGreaterThan(0);

    // The contract stream lists no files; bind it to the spec it produces, as its owner would.
    const planFile = path.join(root, 'ledger/plan.yaml');
    const yaml = parseDocument(readFileSync(planFile, 'utf8'));
    yaml.setIn(['phases', 0, 'tasks', 0, 'files'], [{ path: 'openapi.yaml' }]);
    writeFileSync(planFile, yaml.toString());
    writeFileSync(path.join(root, 'ledger/openapi.yaml'), 'openapi: 3.0.3\n');
    const key = status.rows[0].key;
    expect((await plan(root, 'attest', 'ledger', key, '--by', 'Ada', '--note', 'reviewed the spec against the PRD')).code).toBe(0);
    const attested = JSON.parse((await plan(root, 'status', 'ledger', '--no-nx', '--json')).out);
    expect(attested.rows[0]).toMatchObject({ key, status: 'attested', attestation: { by: 'Ada' } });
    expect(attested.counts.verified).toBe(0);

    writeFileSync(path.join(root, 'ledger/openapi.yaml'), 'openapi: 3.1.0\n');
    const stale = JSON.parse((await plan(root, 'status', 'ledger', '--no-nx', '--json')).out);
    expect(stale.rows[0]).toMatchObject({ key, status: 'unproven', reason: expect.stringContaining('changed since: openapi.yaml') });
  });

  it.each(templates.map((t, i) => [i + 1, t.title, t.markdown]))(
    'template %i (%s) imported: no task verified, --strict exits 1',
    async (_n, _title, markdown) => {
      const root = workspace({ 'PLAN.md': markdown as string });
      const vars = variableNames(scanLines(markdown as string)).flatMap((name, i) => ['--var', `${name}=Value ${i + 1}`]);
      expect((await plan(root, 'import', 'PLAN.md', '--directory', 'p', '--name', 'seeded', ...vars)).code).toBe(0);
      const run = await plan(root, 'status', 'p', '--no-nx', '--strict', '--json');
      expect(run.code).toBe(1);
      expect(JSON.parse(run.out).counts.verified).toBe(0);
    },
  );
});
