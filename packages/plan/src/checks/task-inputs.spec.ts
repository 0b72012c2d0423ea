import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PlanSchema } from '../model/plan-schema';
import { diamondPlan } from '../testing/sample-plans';
import { taskInputPaths, taskInputsDigest } from './task-inputs';

const plan = PlanSchema.parse(diamondPlan());
const [base, left] = [plan.phases[0].tasks[0], plan.phases[1].tasks[0]];

function planDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-digest-'));
  mkdirSync(path.join(dir, 'src'));
  for (const key of ['base', 'left']) writeFileSync(path.join(dir, 'src', `${key}.txt`), key);
  return dir;
}

describe('taskInputsDigest', () => {
  it('lists the task files and check paths once', () => {
    expect(taskInputPaths(left)).toEqual(['src/left.txt']);
  });

  it('changes with the content of the task files and with the digests its dependencies recorded', () => {
    const dir = planDir();
    const first = taskInputsDigest(dir, left, ['base']);
    expect(taskInputsDigest(dir, left, ['base'])).toBe(first);
    writeFileSync(path.join(dir, 'src/left.txt'), 'changed');
    const second = taskInputsDigest(dir, left, ['base']);
    expect(second).not.toBe(first);
    mkdirSync(path.join(dir, '.plan/results'), { recursive: true });
    writeFileSync(path.join(dir, '.plan/results/base.json'), JSON.stringify({ status: 'verified', inputsDigest: 'abc' }));
    const third = taskInputsDigest(dir, left, ['base']);
    expect(third).not.toBe(second);
    writeFileSync(path.join(dir, '.plan/results/base.json'), JSON.stringify({ status: 'verified', inputsDigest: 'abd' }));
    expect(taskInputsDigest(dir, left, ['base'])).not.toBe(third);
  });

  it('reads a symlink by what it points at, and a folder by every file below it', () => {
    const dir = planDir();
    writeFileSync(path.join(dir, 'real.txt'), 'one');
    symlinkSync('../real.txt', path.join(dir, 'src/linked.txt'));
    const task = { ...base, files: [{ path: 'src/linked.txt', action: 'create' as const }], checks: [] };
    const before = taskInputsDigest(dir, task, []);
    writeFileSync(path.join(dir, 'real.txt'), 'two');
    expect(taskInputsDigest(dir, task, [])).not.toBe(before);
    const folder = { ...base, files: [{ path: 'src/', action: 'create' as const }], checks: [] };
    const whole = taskInputsDigest(dir, folder, []);
    writeFileSync(path.join(dir, 'src/new.txt'), 'new');
    expect(taskInputsDigest(dir, folder, [])).not.toBe(whole);
  });
});
