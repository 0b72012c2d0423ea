import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resultFileOf } from '../../checks/results-file';
import { gateReport } from './gate';

/** The aggregates' verdict over recorded result files: only verified or attested units pass. */
let dir: string;
const record = (key: string, content: unknown) => {
  const file = path.join(dir, resultFileOf(key));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
};
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'plan-gate-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('gateReport', () => {
  it('passes when every unit is verified or attested', () => {
    record('a', { status: 'verified' });
    record('b', { status: 'attested' });
    expect(gateReport(dir, ['a', 'b'], 'p:verify', 'p')).toEqual({ ok: true, text: '✔ p:verify: all 2 verified or attested\n' });
  });

  it('fails on a unit awaiting attestation, naming its open items; on a missing or unreadable result too', () => {
    record('a', { status: 'verified' });
    record('g', {
      status: 'unproven',
      items: [
        { id: 'G.1', status: 'unproven' },
        { id: 'G.2', status: 'verified' },
      ],
    });
    record('broken', '{not json');
    const report = gateReport(dir, ['a', 'g', 'gone', 'broken'], 'p:verify', 'plans/p');
    expect(report.ok).toBe(false);
    expect(report.text).toContain('✖ p:verify: 1 of 4 verified or attested; not done:');
    expect(report.text).toContain('    g: unproven (G.1 unproven)');
    expect(report.text).toContain('    gone: no result recorded (did not run)');
    expect(report.text).toContain('    broken: no result recorded (did not run)');
    expect(report.text).toContain('npx plan status plans/p');
  });
});
