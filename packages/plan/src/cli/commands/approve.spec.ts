import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { readAttestations, writeAttestations } from '../../checks/attestations';
import { captureIO } from '../../testing/capture-io';
import { main } from '../main';

/**
 * Issue 12: a command taken from an imported document is recorded but runs only after a person
 * approves it; commands the author writes in plan.yaml run as written.
 */
const DOC = `# Implementation Plan: Notes

## Overview

A notes app.

---

## Phase 1: Foundation

### Task 1.1: Write README
- **Estimated Time**: 10 minutes
- **Files**:
  - \`README.md\` (CREATE)
- **Dependencies**: None
- **Verification**:
  - Run \`touch ran.txt && grep -q Notes README.md\`
  - Verify exit code is 0
`;

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

async function plan(root: string, ...argv: string[]) {
  const io = captureIO(root);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** The document imported through the real parser, with the README filled in. */
async function imported(): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-approve-'));
  roots.push(root);
  mkdirSync(path.join(root, 'docs'));
  writeFileSync(path.join(root, 'docs/PLAN.md'), DOC);
  expect((await plan(root, 'import', 'docs/PLAN.md', '--directory', 'notes')).code).toBe(0);
  writeFileSync(path.join(root, 'notes/README.md'), '# Notes\n');
  return root;
}

const ran = (root: string) => existsSync(path.join(root, 'notes/ran.txt'));
const editCheck = (root: string, change: (check: Record<string, unknown>) => void) => {
  const file = path.join(root, 'notes/plan.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const check = doc.getIn(['phases', 0, 'tasks', 0, 'checks', 0]) as { toJSON(): Record<string, unknown> };
  const value = check.toJSON();
  change(value);
  doc.setIn(['phases', 0, 'tasks', 0, 'checks', 0], value);
  writeFileSync(file, doc.toString());
};

describe('imported commands need approval', () => {
  it('plan import marks the command imported; it does not run and fails its task, saying how to approve it', async () => {
    const root = await imported();
    expect(readFileSync(path.join(root, 'notes/plan.yaml'), 'utf8')).toContain(
      'command: touch ran.txt && grep -q Notes README.md\n            imported: true',
    );
    const verify = await plan(root, 'verify', 'notes');
    expect(verify.code).toBe(1);
    expect(ran(root)).toBe(false);
    expect(verify.out).toContain(
      '✖ 1.1 write-readme: failed: notes/plan.yaml Not run: `touch ran.txt && grep -q Notes README.md` came from an imported document and nobody approved it. Read it, then approve it with `npx plan approve notes/plan.yaml --task write-readme`.',
    );
  });

  it('plan status, plan validate and plan approve --list name every command and whether it may run', async () => {
    const root = await imported();
    const line = '  write-readme: touch ran.txt && grep -q Notes README.md  (imported, NOT approved: will not run)';
    expect((await plan(root, 'validate', 'notes')).out).toContain(
      `Commands this plan runs (shell, in notes, confined environment):\n${line}\n`,
    );
    expect((await plan(root, 'approve', 'notes', '--list')).out).toContain(line);
    const status = await plan(root, 'status', 'notes', '--no-nx', '--json');
    expect(JSON.parse(status.out).commands).toEqual([
      expect.objectContaining({
        task: 'write-readme',
        command: 'touch ran.txt && grep -q Notes README.md',
        imported: true,
        approved: false,
      }),
    ]);
    expect((await plan(root, 'status', 'notes', '--no-nx')).out).toContain(line);
    expect(ran(root)).toBe(false);
  });

  it('once approved it runs; an edited command or a new env name needs a new approval; --revoke withdraws it', async () => {
    const root = await imported();
    const approved = await plan(root, 'approve', 'notes', '--by', 'Ada');
    expect([approved.code, approved.out]).toEqual([
      0,
      'approved: write-readme: touch ran.txt && grep -q Notes README.md\n' +
        '1 command(s) approved by Ada, recorded in notes/attestations.json; they run in notes when their tasks are verified.\n',
    ]);
    const stored = () => JSON.parse(readFileSync(path.join(root, 'notes/attestations.json'), 'utf8'));
    expect(Object.values(stored().approvals)).toEqual([
      { command: 'touch ran.txt && grep -q Notes README.md', env: [], by: 'Ada', at: expect.stringMatching(/^\d{4}-/) },
    ]);
    // Writing attestations keeps the approvals beside them.
    writeAttestations(path.join(root, 'notes'), readAttestations(path.join(root, 'notes')));
    expect(Object.keys(stored().approvals)).toHaveLength(1);
    expect((await plan(root, 'verify', 'notes')).code).toBe(0);
    expect(ran(root)).toBe(true);
    expect((await plan(root, 'approve', 'notes')).err).toBe('plan: nothing to approve: the 1 imported command(s) are approved already.\n');

    editCheck(root, (c) => ((c.with as Record<string, unknown>).command = 'touch ran2.txt'));
    expect((await plan(root, 'verify', 'notes')).out).toContain('Not run: `touch ran2.txt` came from an imported document');
    expect(existsSync(path.join(root, 'notes/ran2.txt'))).toBe(false);
    expect((await plan(root, 'approve', 'notes', '--by', 'Ada')).code).toBe(0);
    expect((await plan(root, 'verify', 'notes')).code).toBe(0);

    editCheck(root, (c) => ((c.with as Record<string, unknown>).env = ['HOME']));
    expect((await plan(root, 'verify', 'notes')).out).toContain('Not run: `touch ran2.txt` came from an imported document');

    editCheck(root, (c) => delete (c.with as Record<string, unknown>).env);
    const revoked = await plan(root, 'approve', 'notes', '--revoke');
    expect(revoked.out).toBe('revoked: write-readme: touch ran2.txt\n1 approval(s) withdrawn in notes/attestations.json\n');
    expect((await plan(root, 'verify', 'notes')).code).toBe(1);
  });

  it('a command the author writes in plan.yaml (no imported mark) runs without approval', async () => {
    const root = await imported();
    editCheck(root, (c) => delete c.imported);
    expect((await plan(root, 'verify', 'notes')).code).toBe(0);
    expect(ran(root)).toBe(true);
    expect((await plan(root, 'validate', 'notes')).out).toContain('(author)');
  });

  it('usage errors: unknown --task, no plan', async () => {
    const root = await imported();
    expect(await plan(root, 'approve', 'notes', '--task', 'nope')).toMatchObject({
      code: 2,
      err: expect.stringContaining('has no task "nope"'),
    });
    expect(await plan(root, 'approve')).toMatchObject({ code: 2, err: expect.stringContaining('plan approve needs one plan') });
  });
});
