import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createNodesForPlanFile } from './plugin';
import { diamondPlan, toYaml } from '../testing/sample-plans';

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-nodes-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

const context = (workspaceRoot: string) => ({ workspaceRoot, nxJsonConfiguration: {}, configFiles: [] as string[] });

describe('createNodesForPlanFile', () => {
  it('creates one project with a cached target per task', () => {
    const root = workspaceWith({ 'plans/diamond/plan.yaml': toYaml(diamondPlan()) });
    const result = createNodesForPlanFile('plans/diamond/plan.yaml', {}, context(root));
    const project = result.projects!['plans/diamond'];
    expect(project.name).toBe('diamond');
    expect(project.tags).toEqual(['plan', 'plan:custom']);
    const targets = project.targets!;
    expect(Object.keys(targets)).toEqual(['base', 'left', 'right', 'join', 'ship', 'phase-1', 'phase-2', 'phase-3', 'phase-4', 'verify']);
    expect(targets.join).toMatchObject({
      executor: 'plan:verify',
      options: { plan: 'plan.yaml', task: 'join' },
      dependsOn: ['left', 'right'],
      cache: true,
      metadata: { description: 'Task 3.1: Build join' },
    });
    expect(targets.join.inputs).toEqual([
      '{projectRoot}/src/join.txt',
      '{projectRoot}/src/base.txt',
      '{projectRoot}/src/left.txt',
      '{projectRoot}/src/right.txt',
    ]);
    expect(targets.left.inputs).toEqual(['{projectRoot}/src/left.txt', '{projectRoot}/src/base.txt']);
    expect(targets.verify).toMatchObject({ executor: 'nx:noop', dependsOn: ['base', 'left', 'right', 'join', 'ship'], cache: true });
    expect(targets.verify.inputs).toHaveLength(5);
    expect(targets['phase-2']).toMatchObject({ executor: 'nx:noop', dependsOn: ['left', 'right'] });
    expect(project.metadata!.targetGroups).toEqual({
      'Phase 1: Base': ['base'],
      'Phase 2: Sides': ['left', 'right'],
      'Phase 3: Join': ['join'],
      'Phase 4: Ship': ['ship'],
    });
  });

  it('depends on the installed plugin version only when plan is an installed package', () => {
    const root = workspaceWith({
      'p/plan.yaml': toYaml(diamondPlan()),
      'node_modules/plan/package.json': '{"name":"plan","version":"9.9.9"}',
    });
    const targets = createNodesForPlanFile('p/plan.yaml', {}, context(root)).projects!.p.targets!;
    expect(targets.base.inputs).toContainEqual({ externalDependencies: ['plan'] });
    const bare = workspaceWith({ 'p/plan.yaml': toYaml(diamondPlan()) });
    expect(createNodesForPlanFile('p/plan.yaml', {}, context(bare)).projects!.p.targets!.base.inputs).not.toContainEqual({
      externalDependencies: ['plan'],
    });
  });

  it('maps folder paths to globs and a root plan to the workspace root', () => {
    const plan = diamondPlan('root-plan');
    plan.phases[0].tasks![0].files = [{ path: 'pipelines/etl/data_loaders/', action: 'create' }];
    const root = workspaceWith({ 'plan.yaml': toYaml(plan) });
    const project = createNodesForPlanFile('plan.yaml', {}, context(root)).projects!['.'];
    expect(project.name).toBe('root-plan');
    expect(project.targets!.base.inputs).toContain('{projectRoot}/pipelines/etl/data_loaders/**/*');
  });

  it('turns a broken plan into a project whose verify target carries the errors', () => {
    const plan = diamondPlan('broken');
    plan.phases[0].tasks![0].dependsOn = ['ship'];
    const root = workspaceWith({ 'plans/broken/plan.yaml': toYaml(plan), 'plans/bad-yaml/plan.yaml': 'name: [\n' });
    const broken = createNodesForPlanFile('plans/broken/plan.yaml', {}, context(root)).projects!['plans/broken'];
    expect(broken.name).toBe('broken');
    expect(Object.keys(broken.targets!)).toEqual(['verify']);
    expect(broken.targets!.verify.cache).toBe(false);
    expect(String(broken.targets!.verify.metadata!.errors)).toMatch(/^plans\/broken\/plan\.yaml:\d+:\d+ +error +Dependency cycle/);
    const badYaml = createNodesForPlanFile('plans/bad-yaml/plan.yaml', {}, context(root)).projects!['plans/bad-yaml'];
    expect(badYaml.name).toBe('bad-yaml');
    expect(badYaml.tags).toContain('plan:invalid');
  });

  it('honours a custom verify target name', () => {
    const root = workspaceWith({ 'p/plan.yaml': toYaml(diamondPlan()) });
    const targets = createNodesForPlanFile('p/plan.yaml', { verifyTargetName: 'prove' }, context(root)).projects!.p.targets!;
    expect(targets.prove).toBeDefined();
    expect(targets.verify).toBeUndefined();
  });
});
