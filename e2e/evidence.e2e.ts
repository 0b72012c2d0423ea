import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Workspace } from './utils/workspace';

/**
 * Issue 9 with the real nx CLI and the packed plugin: a plan imported from a stream document has
 * tasks without checks. Their targets fail as unproven (saying how to prove them), `plan attest`
 * makes a target succeed as attested, and a change to the task's file or a revoke undoes it:
 * never a stale result from the cache.
 */
const DOC = `# Implementation Plan: Harbour Ledger

## Overview
A web ledger for small harbours.

## Phase 1: Contract (Parallel - Day 1)

### Stream A: API Contract Design
**Estimated Time:** 4 hours
**Dependencies:** None
**Tasks:**
- [ ] Write the OpenAPI specification (Priority: Critical)

## Phase 2: Build (Day 2)

### Stream B: Backend
**Estimated Time:** 6 hours
**Dependencies:** API Contract Design
**Tasks:**
- [ ] Implement the endpoints (Priority: High)
`;

/** A task whose verification runs a command: plan import records it, nx runs it only once approved. */
const TASK_DOC = `# Implementation Plan: Notes

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

describe('evidence states through nx (packed plugin, real nx)', () => {
  let ws: Workspace;
  let contract: string;

  beforeAll(() => {
    ws = Workspace.create('evidence');
    ws.write('docs/PLAN.md', DOC);
    const imported = ws.plan('import', 'docs/PLAN.md', '--directory', 'ledger');
    if (imported.code !== 0) throw new Error(`plan import failed:\n${imported.output}`);
    // The contract stream lists no files; bind it to the spec it produces.
    const planYaml = ws.read('ledger/plan.yaml');
    contract = /key: (\S+)\n {8}title: API Contract Design/.exec(planYaml)![1];
    ws.write(
      'ledger/plan.yaml',
      planYaml.replace(/(title: API Contract Design\n)/, '$1        files:\n          - { path: openapi.yaml }\n'),
    );
    ws.write('ledger/openapi.yaml', 'openapi: 3.0.3\n');
    ws.write('docs/NOTES.md', TASK_DOC);
    const notes = ws.plan('import', 'docs/NOTES.md', '--directory', 'notes');
    if (notes.code !== 0) throw new Error(`plan import failed:\n${notes.output}`);
    ws.write('notes/README.md', '# Notes\n');
    ws.commit('imported plans');
  });

  it('an unproven task fails its target with the example check and the exact attest command; its dependants do not run', () => {
    const run = ws.nx('run-many', '-t', 'verify', '-p', 'ledger', '--outputStyle=static');
    expect(run.code).not.toBe(0);
    // The stream is proven by its checklist item A.1 (issue 10): the item is what is unproven.
    expect(run.output).toContain(`? A ${contract}: unproven: 1 of 1 item(s) not proven (A.1: no check proves it and nobody attested it)`);
    expect(run.output).toContain('    ? A.1 Write the OpenAPI specification: unproven: no check proves it and nobody attested it');
    expect(run.output).toContain('        - uses: command');
    expect(run.output).toContain(`npx plan attest ledger/plan.yaml ${contract} --item A.1 --by "<who>"`);
    const status = ws.plan('status', 'ledger', '--strict', '--json');
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout).counts).toEqual({ verified: 0, attested: 0, unproven: 1, failed: 0, blocked: 1 });
  });

  it('an attested stream (its item) succeeds, saying by whom; a changed file or a revoke makes it fail again', () => {
    expect(ws.plan('attest', 'ledger', contract, '--by', 'Ada', '--note', 'reviewed against the PRD').code).toBe(0);
    const attested = ws.nx('run', `ledger:${contract}`, '--outputStyle=static');
    expect([attested.code, attested.output]).toEqual([
      0,
      expect.stringMatching(new RegExp(`✎ A ${contract}: attested by Ada on \\S+: reviewed against the PRD`)),
    ]);

    ws.write('ledger/openapi.yaml', 'openapi: 3.1.0\n');
    const changed = ws.nx('run', `ledger:${contract}`, '--outputStyle=static');
    expect(changed.code).not.toBe(0);
    expect(changed.output).toContain('no longer holds (changed since: openapi.yaml)');

    expect(ws.plan('attest', 'ledger', contract, '--by', 'Ada', '--note', 'reviewed 3.1').code).toBe(0);
    expect(ws.nx('run', `ledger:${contract}`, '--outputStyle=static').code).toBe(0);
    expect(ws.plan('attest', 'ledger', contract, '--revoke').code).toBe(0);
    // attestations.json is an input of the target: the revoke is seen, not a cached success.
    const revoked = ws.nx('run', `ledger:${contract}`, '--outputStyle=static');
    expect(revoked.code).not.toBe(0);
    expect(revoked.output).toContain('unproven: no check proves it and nobody attested it');
  });

  it('an imported command does not run through nx until approved; then it runs and verifies the task', () => {
    const before = ws.nx('run', 'notes:write-readme', '--outputStyle=static');
    expect(before.code).not.toBe(0);
    expect(before.output).toContain('Not run: `touch ran.txt && grep -q Notes README.md` came from an imported document');
    expect(before.output).toContain('npx plan approve notes/plan.yaml --task write-readme');
    expect(existsSync(path.join(ws.root, 'notes/ran.txt'))).toBe(false);
    expect(ws.plan('approve', 'notes', '--by', 'Ada').code).toBe(0);
    const after = ws.nx('run', 'notes:write-readme', '--outputStyle=static');
    expect([after.code, after.output]).toEqual([0, expect.stringContaining('✔ 1.1 write-readme: verified (files-exist, command)')]);
    expect(existsSync(path.join(ws.root, 'notes/ran.txt'))).toBe(true);
  });

  it('a plan in a folder git ignores is no Nx project: plan status names the ignore rule and the fix, not "no result recorded"', () => {
    ws.write('hidden/plan.yaml', ws.read('notes/plan.yaml').replace(/^name: notes$/m, 'name: hidden'));
    ws.write('.gitignore', `${ws.read('.gitignore')}hidden/\n`);
    const status = ws.plan('status', 'hidden');
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('Nx has no project named "hidden" (hidden/plan.yaml), so none of its targets ran.');
    expect(status.stderr).toContain('hidden/ is ignored by git (.gitignore:5: hidden/)');
    expect(status.stderr).toContain('plan status hidden --no-nx');
    expect(status.stdout).not.toContain('no result recorded');
  });

  it('plan status waits for an nx run of the same plan that is still running, then reads what that run recorded', async () => {
    ws.write(
      'slow/plan.yaml',
      `version: 1
name: slow
kind: custom
title: Slow
phases:
  - id: '1'
    title: One
    tasks:
      - id: '1.1'
        key: wait
        title: Wait
        files:
          - { path: a.txt, action: create }
        checks:
          - uses: command
            with: { command: 'node -e "setTimeout(() => {}, 4000)"' }
`,
    );
    ws.write('slow/a.txt', 'a\n');
    // Another terminal's run: its executor notes the nx process it runs under in .plan/running/.
    const other = spawn(path.join(ws.root, 'node_modules', '.bin', 'nx'), ['run', 'slow:wait', '--outputStyle=static'], {
      cwd: ws.root,
      env: ws.env,
      stdio: 'ignore',
    });
    const ended = new Promise<number | null>((resolve) => other.on('exit', resolve));
    const running = path.join(ws.root, 'slow', '.plan', 'running');
    for (let waited = 0; !(existsSync(running) && readdirSync(running).length > 0); waited += 100) {
      if (waited > 60_000) throw new Error('the other nx run never started its target');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const status = ws.plan('status', 'slow');
    expect(status.stderr).toContain(`waiting for nx (pid ${other.pid}), which is running slow's targets, to finish…`);
    expect(await ended).toBe(0);
    expect(status.stdout).toMatch(/✔ 1\.1 +wait +verified/);
    // The other run put its result in the cache before status ran the target again: a cache hit.
    expect(status.stdout).toContain('1 verified, 0 attested, 0 unproven, 0 failed, 0 blocked');
  }, 120_000);
});
