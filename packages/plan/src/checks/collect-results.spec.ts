import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CheckResult } from './contract';
import { collectResults, mergeByCheck } from './collect-results';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function tree(files: Record<string, string | object>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-collect-'));
  roots.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

const finding = (file: string, line: number, rule = 'schema/missing-primary-key') => ({
  rule,
  severity: 'error' as const,
  message: `no primary key in ${file}`,
  file,
  line,
  column: 3,
});
const recorded = (key: string, results: CheckResult[]) => ({ key, status: results.every((r) => r.ok) ? 'verified' : 'failed', results });

describe('collectResults', () => {
  it('finds results under nested plan folders and skips node_modules and other dot-folders', () => {
    const root = tree({
      'plans/churn/.plan/results/schema.json': recorded('schema', [
        { check: 'validate-schema', ok: false, findings: [finding('plans/churn/schemas/a.json', 4)] },
      ]),
      'plans/churn/.plan/results/files.json': recorded('files', [{ check: 'files-exist', ok: true, findings: [] }]),
      'other/.plan/results/api.json': recorded('api', [{ check: 'lint-endpoints', ok: true, findings: [] }]),
      'other/.plan/results/notes.txt': 'not json',
      'node_modules/pkg/.plan/results/x.json': recorded('x', []),
      '.git/.plan/results/y.json': recorded('y', []),
      '.nx/cache/.plan/results/z.json': recorded('z', []),
    });
    const c = collectResults(['.'], root);
    expect(c.problems).toEqual([]);
    expect(c.tasks.map((t) => t.file)).toEqual([
      'other/.plan/results/api.json',
      'plans/churn/.plan/results/files.json',
      'plans/churn/.plan/results/schema.json',
    ]);
    expect(c.tasks.map((t) => [t.key, t.status])).toEqual([
      ['api', 'verified'],
      ['files', 'verified'],
      ['schema', 'failed'],
    ]);
    expect(c.merged.map((r) => [r.check, r.ok, r.findings.length])).toEqual([
      ['files-exist', true, 0],
      ['lint-endpoints', true, 0],
      ['validate-schema', false, 1],
    ]);
  });

  it('limits the walk to the given folders and reports missing ones', () => {
    const root = tree({ 'a/.plan/results/t.json': recorded('t', []), 'b/.plan/results/u.json': recorded('u', []) });
    const c = collectResults(['a', 'missing', 'a/.plan/results/t.json'], root);
    expect(c.tasks.map((t) => t.key)).toEqual(['t']);
    expect(c.problems).toEqual(['missing: not found', 'a/.plan/results/t.json: not a folder']);
  });

  it('turns unreadable or foreign result files into problems, not exceptions', () => {
    const root = tree({
      'p/.plan/results/broken.json': '{"key": "broken", ',
      'p/.plan/results/foreign.json': { hello: 'world' },
      'p/.plan/results/bad-finding.json': { key: 'b', status: 'failed', results: [{ check: 'x', ok: false, findings: [{ rule: 'r' }] }] },
      'p/.plan/results/ok.json': recorded('ok', []),
    });
    const c = collectResults(['.'], root);
    expect(c.tasks.map((t) => t.key)).toEqual(['ok']);
    expect(c.problems).toHaveLength(3);
    expect(c.problems[0]).toMatch(/^p\/\.plan\/results\/bad-finding\.json: has results without/);
    expect(c.problems[1]).toMatch(/^p\/\.plan\/results\/broken\.json: unreadable \(.*\); run the task again$/);
    expect(c.problems[2]).toBe('p/.plan/results/foreign.json: not a plan task result ({ key, status, results })');
  });

  it('does not follow symlinked folders (no loops)', () => {
    const root = tree({ 'p/.plan/results/t.json': recorded('t', []) });
    symlinkSync(root, path.join(root, 'p', 'loop'));
    expect(collectResults(['.'], root).tasks.map((t) => t.key)).toEqual(['t']);
  });
});

describe('mergeByCheck', () => {
  it('one result per check in name order, identical findings once, ok from the merged findings', () => {
    const a = finding('s/a.json', 1);
    const merged = mergeByCheck([
      { check: 'validate-schema', ok: false, findings: [a] },
      { check: 'files-exist', ok: true, findings: [] },
      { check: 'validate-schema', ok: false, findings: [{ ...a }, finding('s/a.json', 2)] },
      {
        check: 'scan-dockerfile',
        ok: true,
        findings: [{ rule: 'DL3008', severity: 'warning', message: 'pin', file: 'Dockerfile', line: 2, column: 1 }],
      },
    ]);
    expect(merged.map((r) => r.check)).toEqual(['files-exist', 'scan-dockerfile', 'validate-schema']);
    expect(merged[2].findings.map((f) => f.line)).toEqual([1, 2]);
    expect(merged.map((r) => r.ok)).toEqual([true, true, false]);
  });
});
