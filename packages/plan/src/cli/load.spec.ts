import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { captureIO } from '../testing/capture-io';
import { UsageError } from './io';
import { resolvePlanPath } from './load';

/** A workspace (nx.json) with two plans and an unrelated folder to stand in. */
function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-resolve-'));
  writeFileSync(path.join(root, 'nx.json'), '{}\n');
  for (const [dir, name] of [
    ['plans/churn', 'churn'],
    ['apps/shop/plan', 'shop'],
  ]) {
    mkdirSync(path.join(root, dir), { recursive: true });
    writeFileSync(path.join(root, dir, 'plan.yaml'), `version: 1\nname: ${name}\n`);
  }
  mkdirSync(path.join(root, 'tools', 'scripts'), { recursive: true });
  return root;
}

describe('resolvePlanPath: a plan.yaml, a folder, or the Nx project name', () => {
  it('takes a file, a folder, and a project name below the current folder or anywhere in the workspace', () => {
    const root = workspace();
    const io = captureIO(root);
    expect(resolvePlanPath('plans/churn/plan.yaml', io, 'status')).toBe(path.join(root, 'plans/churn/plan.yaml'));
    expect(resolvePlanPath('plans/churn', io, 'status')).toBe(path.join(root, 'plans/churn/plan.yaml'));
    expect(resolvePlanPath('shop', io, 'status')).toBe(path.join(root, 'apps/shop/plan/plan.yaml'));
    // From a folder elsewhere in the workspace, the project name still finds the plan.
    expect(resolvePlanPath('churn', captureIO(path.join(root, 'tools', 'scripts')), 'status')).toBe(
      path.join(root, 'plans/churn/plan.yaml'),
    );
  });

  it('says what to pass when nothing matches, and names every plan when a name is taken twice', () => {
    const root = workspace();
    expect(() => resolvePlanPath('nope', captureIO(root), 'status')).toThrow(UsageError);
    expect(() => resolvePlanPath('nope', captureIO(root), 'status')).toThrow(
      /pass a plan.yaml, the folder that holds one, or a plan's name/,
    );
    mkdirSync(path.join(root, 'other'));
    writeFileSync(path.join(root, 'other', 'plan.yaml'), 'version: 1\nname: churn\n');
    expect(() => resolvePlanPath('churn', captureIO(root), 'status')).toThrow(/Several plans are named "churn"/);
  });
});
