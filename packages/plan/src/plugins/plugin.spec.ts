import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateNodesResult, ProjectConfiguration } from '@nx/devkit';
import { createNodesForPlanFiles, PlanPluginOptions } from './plugin';
import { diamondPlan, toYaml } from '../testing/sample-plans';
import { PlanInput } from '../model/plan-schema';

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-nodes-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

const context = (workspaceRoot: string) => ({ workspaceRoot, nxJsonConfiguration: {}, configFiles: [] as string[] });

function projects(root: string, files: string[], options: PlanPluginOptions = {}): Record<string, ProjectConfiguration> {
  const results: Array<[string, CreateNodesResult]> = createNodesForPlanFiles(files, options, context(root));
  return Object.fromEntries(results.map(([file, result]) => [file, Object.values(result.projects!)[0] as ProjectConfiguration]));
}

function project(files: Record<string, string>, file: string, options: PlanPluginOptions = {}): ProjectConfiguration {
  return projects(workspaceWith(files), [file], options)[file];
}

function edited(mutate: (plan: PlanInput) => void): string {
  const plan = diamondPlan();
  mutate(plan);
  return toYaml(plan);
}

const runtimeOf = (p: ProjectConfiguration, key: string) =>
  (p.targets![key].inputs as object[]).find((i): i is { runtime: string } => typeof i === 'object' && 'runtime' in i)!.runtime;

describe('createNodes', () => {
  it('creates one project with a cached target per task', () => {
    const p = project({ 'plans/diamond/plan.yaml': toYaml(diamondPlan()) }, 'plans/diamond/plan.yaml');
    expect(p).toMatchObject({ name: 'diamond', root: 'plans/diamond', tags: ['plan', 'plan:custom'] });
    const targets = p.targets!;
    expect(Object.keys(targets)).toEqual(['base', 'left', 'right', 'join', 'ship', 'phase-1', 'phase-2', 'phase-3', 'phase-4', 'verify']);
    expect(targets.join).toMatchObject({
      executor: 'plan:verify',
      options: { plan: 'plan.yaml', task: 'join' },
      dependsOn: ['left', 'right'],
      outputs: ['{projectRoot}/.plan/results/join.json'],
      cache: true,
      metadata: { description: 'Task 3.1: Build join' },
    });
    // Aggregates are gates over their units' recorded results (an awaiting-attestation unit succeeds; they must not).
    expect(targets.verify).toMatchObject({
      executor: 'plan:verify',
      options: { gate: ['base', 'left', 'right', 'join', 'ship'] },
      dependsOn: ['base', 'left', 'right', 'join', 'ship'],
      cache: true,
    });
    expect(targets['phase-2']).toMatchObject({
      executor: 'plan:verify',
      options: { gate: ['left', 'right'] },
      dependsOn: ['left', 'right'],
    });
    expect(targets['phase-2'].inputs).toContainEqual({ dependentTasksOutputFiles: '**/.plan/results/*.json' });
    expect(p.metadata!.targetGroups).toEqual({
      'Phase 1: Base': ['base'],
      'Phase 2: Sides': ['left', 'right'],
      'Phase 3: Join': ['join'],
      'Phase 4: Ship': ['ship'],
    });
  });

  it('gives a task its own files, attestations.json, its definition and its dependencies results as inputs, never the files upstream', () => {
    const targets = project({ 'p/plan.yaml': toYaml(diamondPlan()) }, 'p/plan.yaml').targets!;
    expect(targets.join.inputs).toEqual([
      '{projectRoot}/src/join.txt',
      '{projectRoot}/attestations.json',
      { runtime: expect.stringMatching(/^echo plan-definition [0-9a-f]{40}$/) },
      { dependentTasksOutputFiles: '**/.plan/results/*.json' },
    ]);
    expect(targets.base.inputs).not.toContainEqual({ dependentTasksOutputFiles: expect.anything() });
    expect(targets.verify.inputs).toHaveLength(7);
    expect(targets.verify.inputs).toContainEqual({ dependentTasksOutputFiles: '**/.plan/results/*.json' });
  });

  it('changes the definition input of an edited task and of its dependants only', () => {
    const before = project({ 'p/plan.yaml': toYaml(diamondPlan()) }, 'p/plan.yaml');
    const after = project(
      {
        'p/plan.yaml': edited((plan) =>
          plan.phases[1].tasks![0].checks!.push({ uses: 'command', with: { command: 'node -e process.exit(3)' } }),
        ),
      },
      'p/plan.yaml',
    );
    const changed = ['base', 'left', 'right', 'join', 'ship'].filter((k) => runtimeOf(before, k) !== runtimeOf(after, k));
    expect(changed).toEqual(['left', 'join', 'ship']);
    // Options are hashed for every target of a project by Nx: they must not carry per-task definitions.
    expect(after.targets!.base.options).toEqual(before.targets!.base.options);
    expect(after.targets!.left.options).toEqual(before.targets!.left.options);
  });

  it('ignores what does not define verification (titles, estimates) and the order of keys', () => {
    const before = project({ 'p/plan.yaml': toYaml(diamondPlan()) }, 'p/plan.yaml');
    const after = project(
      {
        'p/plan.yaml': edited((plan) => {
          plan.phases[0].tasks![0].title = 'Another title';
          plan.phases[0].tasks![0].estimate = 99;
          const task = plan.phases[0].tasks![0] as Record<string, unknown>;
          const { checks, ...rest } = task;
          plan.phases[0].tasks![0] = { checks, ...rest } as never;
        }),
      },
      'p/plan.yaml',
    );
    expect(runtimeOf(after, 'base')).toBe(runtimeOf(before, 'base'));
  });

  it('escapes glob characters of file names, maps folders to globs and a root plan to the workspace root', () => {
    const plan = diamondPlan('root-plan');
    plan.phases[0].tasks![0].files = [
      { path: 'p(1).txt', action: 'create' },
      { path: '[a]{b}*?!.txt', action: 'create' },
      { path: 'pipelines/etl/', action: 'create' },
    ];
    const p = project({ 'plan.yaml': toYaml(plan) }, 'plan.yaml');
    expect(p.root).toBe('.');
    expect(p.targets!.base.inputs).toEqual(
      expect.arrayContaining([
        '{projectRoot}/p\\(1\\).txt',
        '{projectRoot}/\\[a\\]\\{b\\}\\*\\?\\!.txt',
        '{projectRoot}/pipelines/etl/**/*',
      ]),
    );
  });

  it('hashes a symlinked task file by what it points at, and refuses one leaving the plan folder', () => {
    const root = workspaceWith({ 'p/plan.yaml': toYaml(diamondPlan()), 'p/real/base.txt': 'x', 'outside/secret.txt': 'y' });
    mkdirSync(path.join(root, 'p/src'), { recursive: true });
    symlinkSync('../real/base.txt', path.join(root, 'p/src/base.txt'));
    expect(projects(root, ['p/plan.yaml'])['p/plan.yaml'].targets!.base.inputs).toEqual(
      expect.arrayContaining(['{projectRoot}/src/base.txt', '{projectRoot}/real/base.txt']),
    );
    symlinkSync('../../outside/secret.txt', path.join(root, 'p/src/left.txt'));
    const refused = projects(root, ['p/plan.yaml'])['p/plan.yaml'];
    expect(refused.tags).toContain('plan:invalid');
    expect(String(refused.targets!.verify.metadata!.errors)).toMatch(
      /^p\/plan\.yaml:\d+:\d+ +error +"src\/left\.txt" is a symlink to .*outside\/secret\.txt, outside the plan folder/,
    );
  });

  it('depends on the installed plugin version only when plan is an installed package', () => {
    const installed = project(
      { 'p/plan.yaml': toYaml(diamondPlan()), 'node_modules/plan/package.json': '{"name":"plan","version":"9.9.9"}' },
      'p/plan.yaml',
    );
    expect(installed.targets!.base.inputs).toContainEqual({ externalDependencies: ['plan'] });
    expect(project({ 'p/plan.yaml': toYaml(diamondPlan()) }, 'p/plan.yaml').targets!.base.inputs).not.toContainEqual({
      externalDependencies: ['plan'],
    });
  });

  it('offers help that prints help, with a runnable example', () => {
    const targets = project({ 'p/plan.yaml': toYaml(diamondPlan()) }, 'p/plan.yaml').targets!;
    expect(targets.base.metadata!.help).toEqual({ command: 'npx plan verify --help', example: { args: ['--format=json'] } });
  });

  it('turns a broken plan into a project named by its path whose verify fails with the errors', () => {
    const plan = diamondPlan('broken');
    plan.phases[0].tasks![0].dependsOn = ['ship'];
    const root = workspaceWith({ 'plans/broken/plan.yaml': toYaml(plan), 'x/plan/plan.yaml': 'name: [\n' });
    const all = projects(root, ['plans/broken/plan.yaml', 'x/plan/plan.yaml']);
    const broken = all['plans/broken/plan.yaml'];
    expect(broken.name).toBe('plans/broken/plan.yaml');
    expect(Object.keys(broken.targets!)).toEqual(['verify']);
    expect(broken.targets!.verify).toMatchObject({ executor: 'plan:verify', cache: false });
    expect(String(broken.targets!.verify.metadata!.errors)).toMatch(/^plans\/broken\/plan\.yaml:\d+:\d+ +error +Dependency cycle/);
    expect(String(broken.targets!.verify.options.error)).toContain('Dependency cycle');
    // A folder named like another project (`plan`) cannot collide: the name is the plan file's path.
    expect(all['x/plan/plan.yaml']).toMatchObject({ name: 'x/plan/plan.yaml', tags: ['plan', 'plan:invalid'] });
  });

  it('names plans that share a name by their paths, with an error at the name, and leaves the others alone', () => {
    const root = workspaceWith({
      'a/plan.yaml': toYaml(diamondPlan('same')),
      'b/plan.yaml': toYaml(diamondPlan('same')),
      'c/plan.yaml': toYaml(diamondPlan('other')),
    });
    const all = projects(root, ['a/plan.yaml', 'b/plan.yaml', 'c/plan.yaml']);
    expect(Object.values(all).map((p) => p.name)).toEqual(['a/plan.yaml', 'b/plan.yaml', 'other']);
    const line =
      toYaml(diamondPlan('same'))
        .split('\n')
        .findIndex((l) => l.startsWith('name:')) + 1;
    expect(String(all['a/plan.yaml'].targets!.verify.options.error)).toMatch(
      new RegExp(`a/plan\\.yaml:${line}:\\d+ +error +Plan name "same" is also the name of b/plan\\.yaml`),
    );
    expect(Object.keys(all['c/plan.yaml'].targets!)).toContain('join');
  });

  it('honours a custom verify target name and refuses a task keyed like it', () => {
    const targets = project({ 'p/plan.yaml': toYaml(diamondPlan()) }, 'p/plan.yaml', { verifyTargetName: 'prove' }).targets!;
    expect(targets.prove).toBeDefined();
    expect(targets.verify).toBeUndefined();
    const clash = project({ 'p/plan.yaml': edited((plan) => (plan.phases[3].tasks![0].key = 'prove')) }, 'p/plan.yaml', {
      verifyTargetName: 'prove',
    });
    expect(String(clash.targets!.prove.metadata!.errors)).toMatch(/Task key "prove" is reserved .*key: task-prove/);
  });

  it('refuses a task keyed like a plugin target at its line (the model rule)', () => {
    const text = edited((plan) => (plan.phases[1].tasks![0].key = 'verify'));
    const clash = project({ 'p/plan.yaml': text }, 'p/plan.yaml');
    const line = text.split('\n').findIndex((l) => l.includes('key: verify')) + 1;
    expect(String(clash.targets!.verify.metadata!.errors)).toMatch(
      new RegExp(`^p/plan\\.yaml:${line}:\\d+ +error +Task key "verify" is reserved`),
    );
  });
});
