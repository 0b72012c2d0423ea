import { readFileSync, existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { Workspace } from './utils/workspace';
import { seed000ShapePlan } from '../packages/plan/src/testing/sample-plans';

/**
 * Issue 2 acceptance, with the real nx CLI: a hand-written five-task diamond becomes one project
 * with a cached target per task, runs in dependency order, comes from cache the second time, and
 * re-runs exactly a changed task and its downstream. Broken plans stay contained.
 */
const ORDER = ['base', 'left', 'right', 'join', 'ship'];
const DEPS: Record<string, string[]> = { base: [], left: ['base'], right: ['base'], join: ['left', 'right'], ship: ['join'] };

function diamondYaml(logFile: string): string {
  const task = (id: string, key: string) => ({
    id,
    key,
    title: `Build ${key}`,
    estimate: 5,
    dependsOn: DEPS[key],
    files: [{ path: `src/${key}.txt`, action: 'create' }],
    checks: [{ uses: 'command', with: { command: `echo ${key} >> ${logFile}` } }],
  });
  return stringify({
    version: 1,
    name: 'diamond',
    kind: 'custom',
    title: 'Diamond',
    phases: [
      { id: '1', title: 'Base', tasks: [task('1.1', 'base')] },
      { id: '2', title: 'Sides', tasks: [task('2.1', 'left'), task('2.2', 'right')] },
      { id: '3', title: 'Join', tasks: [task('3.1', 'join')] },
      { id: '4', title: 'Ship', tasks: [task('4.1', 'ship')] },
    ],
  });
}

describe('plan.yaml as an Nx task graph (packed plugin, real nx)', () => {
  let ws: Workspace;
  let log: string;
  const ran = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
  const resetLog = () => ws.write(path.relative(ws.root, log), '');

  beforeAll(() => {
    ws = Workspace.create('graph');
    log = path.join(ws.root, 'order.log');
    ws.write('plans/diamond/plan.yaml', diamondYaml(log));
    for (const key of ORDER) ws.write(`plans/diamond/src/${key}.txt`, `${key}\n`);
    ws.write('.gitignore', 'node_modules\n.nx-cache\n.nx-data\n.nx\norder.log\n');
    ws.commit('diamond plan');
  });

  it('shows one project with a target per task: dependsOn, cache and inputs from the plan', () => {
    const shown = ws.nx('show', 'project', 'diamond', '--json');
    expect(shown.code).toBe(0);
    const project = JSON.parse(shown.stdout);
    expect(project.root).toBe('plans/diamond');
    expect(project.tags).toEqual(expect.arrayContaining(['plan', 'plan:custom']));
    for (const key of ORDER) {
      const target = project.targets[key];
      expect(target.executor).toBe('plan:verify');
      expect(target.cache).toBe(true);
      expect([...target.dependsOn].sort()).toEqual([...DEPS[key]].sort());
      expect(target.metadata.description).toMatch(/^Task \d\.\d: Build /);
      expect(target.inputs).toContain(`{projectRoot}/src/${key}.txt`);
      expect(target.inputs).toContainEqual({ externalDependencies: ['plan'] });
    }
    // Dependants read their dependencies' recorded results, not every file upstream (inputs stay linear).
    expect(project.targets.join.inputs).toContainEqual({ dependentTasksOutputFiles: '**/.plan/results/*.json' });
    expect(project.targets.join.inputs).not.toContain('{projectRoot}/src/base.txt');
    expect(project.targets.left.inputs).not.toContain('{projectRoot}/src/right.txt');
    expect([...project.targets.verify.dependsOn].sort()).toEqual([...ORDER].sort());
    expect(project.metadata.targetGroups['Phase 2: Sides']).toEqual(['left', 'right']);
  });

  it('runs every task in dependency order', () => {
    resetLog();
    const run = ws.nx('run-many', '-t', 'verify');
    expect(run.code).toBe(0);
    const order = ran();
    expect([...order].sort()).toEqual([...ORDER].sort());
    for (const key of ORDER) {
      for (const dep of DEPS[key]) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(key));
    }
  });

  it('takes every task from cache on a second run', () => {
    resetLog();
    const run = ws.nx('run-many', '-t', 'verify');
    expect(run.code).toBe(0);
    expect(ran()).toEqual([]);
    expect(run.output).toMatch(/6 out of 6 tasks/);
  });

  it('re-runs a changed task and its downstream, and nothing else', () => {
    ws.write('plans/diamond/src/left.txt', 'left, changed\n');
    resetLog();
    const run = ws.nx('run-many', '-t', 'verify');
    expect(run.code).toBe(0);
    expect(ran()).toEqual(['left', 'join', 'ship']);
    ws.sh('git', ['checkout', '--', 'plans/diamond/src/left.txt']);
  });

  describe('batch mode (preferBatch: the default for plan:verify)', () => {
    const DIR = 'plans/diamond';
    /** nx with a cache directory of its own, so each mode starts cold. */
    const nxIn = (cache: string, ...args: string[]) => {
      const previous = ws.env.NX_CACHE_DIRECTORY;
      ws.env.NX_CACHE_DIRECTORY = path.join(ws.root, '.nx', `cache-${cache}`);
      try {
        return ws.nx(...args);
      } finally {
        ws.env.NX_CACHE_DIRECTORY = previous;
      }
    };
    /** Every task's .plan/results file, without the commands' measured durations. */
    const results = () =>
      Object.fromEntries(
        ORDER.filter((key) => existsSync(path.join(ws.root, DIR, `.plan/results/${key}.json`))).map((key) => [
          key,
          JSON.parse(ws.read(`${DIR}/.plan/results/${key}.json`), (field, value) => (field === 'durationMs' ? undefined : value)),
        ]),
      );
    /** The executor's own line per task (✔/✖ ...), whatever order Nx printed the tasks in. */
    const taskLines = (output: string) =>
      output
        .split('\n')
        .filter((line) => /^[✔✖…] /.test(line))
        .sort();
    const runIn = (cache: string, ...flags: string[]) => {
      resetLog();
      rmSync(path.join(ws.root, DIR, '.plan'), { recursive: true, force: true });
      const run = nxIn(cache, 'run-many', '-t', 'verify', '-p', 'diamond', '--outputStyle=static', ...flags);
      return { run, ran: ran(), results: results() };
    };
    afterEach(() => ws.sh('git', ['checkout', '--', DIR]));

    it('gives each task what one process per task gives it; a failure skips its dependants', () => {
      ws.write(`${DIR}/src/left.txt`, ''); // files-exist fails on an empty file
      const single = runIn('single', '--batch=false');
      const batch = runIn('batch');
      expect(single.run.output).not.toMatch(/Running \d+ tasks with plan:verify/);
      // The five tasks and the verify gate over their results.
      expect(batch.run.output).toMatch(/Running 6 tasks with plan:verify/);
      expect(single.run.code).not.toBe(0);
      expect(batch.run.code).toBe(single.run.code);
      expect([...single.ran].sort()).toEqual(['base', 'left', 'right']);
      expect([...batch.ran].sort()).toEqual([...single.ran].sort());
      expect(batch.ran[0]).toBe('base');
      expect(Object.keys(single.results).sort()).toEqual(['base', 'left', 'right']);
      expect(batch.results).toEqual(single.results);
      expect(batch.results.left.status).toBe('failed');
      expect(taskLines(batch.run.output)).toEqual(taskLines(single.run.output));
      expect(taskLines(batch.run.output).some((line) => /^✖ .*left/.test(line))).toBe(true);
    });

    it('caches per task with the same hashes: results of a batch run restore in either mode', () => {
      const cold = runIn('shared');
      expect(cold.run.code).toBe(0);
      expect(cold.run.output).toMatch(/Running 6 tasks with plan:verify/);
      expect(cold.ran).toEqual(expect.arrayContaining(ORDER));
      const single = runIn('shared', '--batch=false');
      expect(single.run.code).toBe(0);
      expect(single.ran).toEqual([]);
      expect(single.run.output).toMatch(/6 out of 6 tasks/);
      expect(single.results).toEqual(cold.results);
      ws.write(`${DIR}/src/right.txt`, 'right, changed\n');
      const changed = runIn('shared');
      expect(changed.run.code).toBe(0);
      expect(changed.ran).toEqual(['right', 'join', 'ship']);
      expect(changed.run.output).toMatch(/2 out of 6 tasks/);
    });
  });

  describe('broken plans are contained', () => {
    beforeAll(() => {
      const base = { version: 1, kind: 'custom', title: 'Broken' };
      const t = (id: string, key: string, dependsOn: string[]) => ({ id, key, title: key, dependsOn });
      ws.write(
        'plans/cycle/plan.yaml',
        stringify({ ...base, name: 'cycle', phases: [{ id: '1', title: 'P', tasks: [t('1.1', 'a', ['1.2']), t('1.2', 'b', ['1.1'])] }] }),
      );
      ws.write(
        'plans/unknown/plan.yaml',
        stringify({ ...base, name: 'unknown', phases: [{ id: '1', title: 'P', tasks: [t('1.1', 'a', ['9.9'])] }] }),
      );
      ws.write('plans/badyaml/plan.yaml', 'version: 1\nname: badyaml\nphases: [\n  - id: "1"\n');
    });

    it.each([
      ['cycle', /plans\/cycle\/plan\.yaml:\d+:\d+ .*Dependency cycle: 1\.\d → 1\.\d → 1\.\d/],
      ['unknown', /plans\/unknown\/plan\.yaml:\d+:\d+ .*depends on "9\.9"/],
      ['badyaml', /plans\/badyaml\/plan\.yaml:\d+:\d+ .*Invalid YAML/],
    ])('%s: plan validate and nx run verify both report file:line:col', (name, pattern) => {
      const validate = ws.plan('validate', `plans/${name}/plan.yaml`);
      expect(validate.code).toBe(1);
      expect(validate.stderr).toMatch(pattern);
      const run = ws.nx('run', `plans/${name}/plan.yaml:verify`); // named by its file: a broken plan's name proves nothing
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(pattern);
    });

    it('nx show projects still lists every project', () => {
      const shown = ws.nx('show', 'projects', '--json');
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout).sort()).toEqual([
        'diamond',
        'plans/badyaml/plan.yaml',
        'plans/cycle/plan.yaml',
        'plans/unknown/plan.yaml',
      ]);
    });
  });

  it('plan graph --format json gives seed 000 its critical path of 60 minutes', () => {
    ws.write('seed/plan.yaml', stringify(seed000ShapePlan('seed')));
    const graph = ws.plan('graph', 'seed/plan.yaml', '--format', 'json');
    expect(graph.code).toBe(0);
    const json = JSON.parse(graph.stdout);
    expect(json.criticalPath).toEqual({ keys: ['schema', 'pipeline', 'training', 'mojo', 'predict', 'docker'], minutes: 60 });
  });

  it('ships plan.schema.json and a working --help', () => {
    expect(existsSync(path.join(ws.root, 'node_modules/plan/plan.schema.json'))).toBe(true);
    const help = ws.plan('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/validate-mojo/);
  });
});
