import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitIgnoreRule } from './unseen-project';

/** A real git repository: the rule comes from git itself, as Nx reads the same .gitignore. */
describe('gitIgnoreRule', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'plan-ignore-'));
    execFileSync('git', ['init', '-q'], { cwd: root });
    for (const dir of ['ignored', 'kept']) {
      mkdirSync(path.join(root, dir));
      writeFileSync(path.join(root, dir, 'plan.yaml'), 'version: 1\n');
    }
    writeFileSync(path.join(root, '.gitignore'), 'node_modules\n\nignored/\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names the file, line and pattern that ignore a plan, also when the plan is tracked', () => {
    execFileSync('git', ['add', '-f', 'ignored/plan.yaml'], { cwd: root });
    expect(gitIgnoreRule(path.join(root, 'ignored', 'plan.yaml'), root)).toEqual({ source: '.gitignore', line: 3, pattern: 'ignored/' });
  });

  it('is undefined for a plan no rule matches, and outside a git repository', () => {
    expect(gitIgnoreRule(path.join(root, 'kept', 'plan.yaml'), root)).toBeUndefined();
    const bare = mkdtempSync(path.join(os.tmpdir(), 'plan-nogit-'));
    try {
      writeFileSync(path.join(bare, 'plan.yaml'), 'version: 1\n');
      expect(gitIgnoreRule(path.join(bare, 'plan.yaml'), bare)).toBeUndefined();
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
