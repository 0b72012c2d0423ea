import { symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tasksOf } from './utils/nx-tasks';
import { Workspace } from './utils/workspace';

/**
 * Issues 9 and 12 with the real nx CLI and the packed plugin: a task's cache key covers exactly
 * what defines its verification (its checks in plan.yaml, its files, its dependencies' results);
 * task keys that collide with the plugin's targets are refused; duplicate and broken plans never
 * break the rest of the workspace.
 */
const task = (id: string, key: string, file: string, deps: string[] = []) => `
      - id: '${id}'
        key: ${key}
        title: Task ${key}
        dependsOn: [${deps.join(', ')}]
        files:
          - { path: '${file}', action: create }
        checks:
          - uses: files-exist
            with: { paths: ['${file}'] }`;

const CHAIN = `version: 1
name: chain
kind: custom
title: Chain
phases:
  - id: '1'
    title: All
    tasks:${task('1.1', 'a', 'a.txt')}${task('1.2', 'b', 'p(1).txt', ['a'])}${task('1.3', 'c', 'c.txt', ['b'])}${task('1.4', 'd', '[d].txt')}
`;

const plan = (name: string, key: string) => `version: 1
name: ${name}
kind: custom
title: ${name}
phases:
  - id: '1'
    title: One
    tasks:${task('1.1', key, 'x.txt')}
`;

describe('exact cache keys and a collision-proof graph (packed plugin, real nx)', () => {
  let ws: Workspace;
  const verifyChain = () => ws.nx('run', 'chain:verify', '--outputStyle=static');
  const edit = (file: string, change: (text: string) => string) => ws.write(file, change(ws.read(file)));

  beforeAll(() => {
    ws = Workspace.create('cache-keys');
    ws.write('chain/plan.yaml', CHAIN);
    for (const file of ['a.txt', 'p(1).txt', 'c.txt', '[d].txt']) ws.write(`chain/${file}`, `${file}\n`);
    ws.write('shadow/plan.yaml', plan('shadow', 'verify'));
    ws.write('shadow/x.txt', 'x\n');
    for (const dir of ['one', 'two']) {
      ws.write(`${dir}/plan.yaml`, plan('twin', 'work'));
      ws.write(`${dir}/x.txt`, 'x\n');
    }
    ws.write('tools/plan/project.json', JSON.stringify({ name: 'plan', targets: { hello: { command: 'node -e "console.log(42)"' } } }));
    ws.write('x/plan/plan.yaml', 'version: 1\nname: [broken\n');
    // A task file that is a symlink: inside the plan folder it is hashed by what it points at; outside it is refused.
    ws.write('linked/plan.yaml', plan('linked', 'e').replace(/x\.txt/g, 'link.txt'));
    ws.write('linked/real/e.txt', 'e\n');
    symlinkSync('real/e.txt', path.join(ws.root, 'linked/link.txt'));
    ws.write('escaping/plan.yaml', plan('escaping', 'e').replace(/x\.txt/g, 'link.txt'));
    ws.write('outside.txt', 'outside\n');
    symlinkSync('../outside.txt', path.join(ws.root, 'escaping/link.txt'));
    ws.commit('plans');
    const first = verifyChain();
    if (first.code !== 0) throw new Error(`initial verify failed:\n${first.output}`);
  });

  it('a second run takes every task from the cache', () => {
    const again = verifyChain();
    expect(again.code).toBe(0);
    expect(tasksOf(again.output)).toEqual({ executed: [], cached: ['chain:a', 'chain:b', 'chain:c', 'chain:d'] });
  });

  it('a failing check added to one task in plan.yaml re-runs that task and fails; the others stay cached', () => {
    edit('chain/plan.yaml', (t) =>
      t.replace(
        "with: { paths: ['p(1).txt'] }",
        "with: { paths: ['p(1).txt'] }\n          - uses: command\n            with: { command: 'node -e process.exit(3)' }",
      ),
    );
    const run = verifyChain();
    expect(run.code).not.toBe(0);
    const { executed, cached } = tasksOf(run.output);
    expect(executed).toEqual(['chain:b']);
    expect(cached).toEqual(['chain:a', 'chain:d']);
    expect(ws.nx('run', 'chain:c', '--outputStyle=static').code).not.toBe(0);
  });

  it('the original definition hashes as before: every task comes back from the cache', () => {
    ws.write('chain/plan.yaml', CHAIN);
    const run = verifyChain();
    expect(run.code).toBe(0);
    expect(tasksOf(run.output)).toEqual({ executed: [], cached: ['chain:a', 'chain:b', 'chain:c', 'chain:d'] });
  });

  it('a passing check added to the first task re-runs it and its dependants, not the independent task', () => {
    edit('chain/plan.yaml', (t) =>
      t.replace(
        "with: { paths: ['a.txt'] }",
        "with: { paths: ['a.txt'] }\n          - uses: command\n            with: { command: 'node -e 0' }",
      ),
    );
    const run = verifyChain();
    expect(run.code).toBe(0);
    expect(tasksOf(run.output)).toEqual({ executed: ['chain:a', 'chain:b', 'chain:c'], cached: ['chain:d'] });
    ws.write('chain/plan.yaml', CHAIN);
    expect(verifyChain().code).toBe(0);
  });

  it('emptying the task file p(1).txt re-runs its task, which fails', () => {
    ws.write('chain/p(1).txt', '');
    const run = verifyChain();
    expect(run.code).not.toBe(0);
    const { executed, cached } = tasksOf(run.output);
    expect(executed).toEqual(['chain:b']);
    expect(cached).toEqual(['chain:a', 'chain:d']);
    expect(run.output).toMatch(/p\(1\)\.txt/);
    ws.write('chain/p(1).txt', 'p(1).txt\n');
  });

  it('a file changed upstream re-runs every task below it, though their inputs do not list it', () => {
    writeFileSync(path.join(ws.root, 'chain/a.txt'), 'a, edited\n');
    const run = verifyChain();
    expect(run.code).toBe(0);
    expect(tasksOf(run.output)).toEqual({ executed: ['chain:a', 'chain:b', 'chain:c'], cached: ['chain:d'] });
    const inputs = JSON.parse(ws.sh(path.join(ws.root, 'node_modules/.bin/nx'), ['show', 'project', 'chain', '--json'])).targets.c.inputs;
    expect(JSON.stringify(inputs)).not.toMatch(/a\.txt/);
  });

  it('a file named with glob characters ([d].txt) is hashed', () => {
    ws.write('chain/[d].txt', 'd, edited\n');
    const run = verifyChain();
    expect(run.code).toBe(0);
    expect(tasksOf(run.output)).toEqual({ executed: ['chain:d'], cached: ['chain:a', 'chain:b', 'chain:c'] });
  });

  it('re-checks a symlinked task file when the file it points at changes; refuses a symlink leaving the plan folder', () => {
    expect(ws.nx('run', 'linked:verify', '--outputStyle=static').code).toBe(0);
    expect(tasksOf(ws.nx('run', 'linked:verify', '--outputStyle=static').output).cached).toEqual(['linked:e']);
    ws.write('linked/real/e.txt', '');
    const run = ws.nx('run', 'linked:verify', '--outputStyle=static');
    expect(run.code).not.toBe(0);
    expect(tasksOf(run.output).executed).toEqual(['linked:e']);
    const escaping = ws.nx('run', 'escaping/plan.yaml:verify', '--outputStyle=static');
    expect(escaping.code).not.toBe(0);
    expect(escaping.output).toMatch(
      /escaping\/plan\.yaml:\d+:\d+ +error +"link\.txt" is a symlink to .*outside\.txt, outside the plan folder/,
    );
  });

  it('refuses a task keyed verify with its file:line:col and a suggested key, in nx and in plan validate', () => {
    const line = plan('shadow', 'verify').split('\n').indexOf('        key: verify') + 1;
    const run = ws.nx('run', 'shadow/plan.yaml:verify', '--outputStyle=static');
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(new RegExp(`shadow/plan\\.yaml:${line}:14 +error +Task key "verify" is reserved .*key: task-verify`));
    const validate = ws.plan('validate', 'shadow/plan.yaml');
    expect(validate.code).toBe(1);
    expect(validate.output).toMatch(new RegExp(`shadow/plan\\.yaml:${line}:14 +error +Task key "verify" is reserved`));
  });

  it('plans named alike and a broken plan in a folder named like a project leave the workspace working', () => {
    const shown = ws.nx('show', 'projects');
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'chain',
      'escaping/plan.yaml',
      'linked',
      'one/plan.yaml',
      'plan',
      'shadow/plan.yaml',
      'two/plan.yaml',
      'x/plan/plan.yaml',
    ]);
    const other = ws.nx('run', 'chain:d', '--outputStyle=static');
    expect(other.code).toBe(0);
    expect(ws.nx('run', 'plan:hello', '--outputStyle=static').output).toMatch(/42/);
    const twin = ws.nx('run', 'one/plan.yaml:verify', '--outputStyle=static');
    expect(twin.code).not.toBe(0);
    expect(twin.output).toMatch(/one\/plan\.yaml:2:\d+ +error +Plan name "twin" is also the name of two\/plan\.yaml/);
    const broken = ws.nx('run', 'x/plan/plan.yaml:verify', '--outputStyle=static');
    expect(broken.code).not.toBe(0);
    expect(broken.output).toMatch(/x\/plan\/plan\.yaml:\d+:\d+ +error/);
  });

  it("a task's help command prints help instead of running the task", () => {
    const project = JSON.parse(ws.sh(path.join(ws.root, 'node_modules/.bin/nx'), ['show', 'project', 'chain', '--json']));
    const [command, ...args] = project.targets.b.metadata.help.command.split(' ');
    const help = ws.run(command, args);
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^Usage: plan verify/);
    expect(help.output).not.toMatch(/✔|✖/);
  });
});
