import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ProjectConfiguration } from '@nx/devkit';
import { SHOP_STREAMS as PLAN } from '../testing/stream-plans';
import { createNodesForPlanFiles } from './plugin';

/** Issue 10 in the graph: integration points and success criteria as targets; items in every cache key. */

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(text: string, prepare: (root: string) => void = () => undefined): ProjectConfiguration {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-stream-nodes-'));
  roots.push(root);
  mkdirSync(path.join(root, 'shop'));
  writeFileSync(path.join(root, 'shop/plan.yaml'), text);
  prepare(root);
  const [[, result]] = createNodesForPlanFiles(['shop/plan.yaml'], {}, { workspaceRoot: root, nxJsonConfiguration: {} });
  return Object.values(result.projects!)[0] as ProjectConfiguration;
}

const runtimeOf = (p: ProjectConfiguration, key: string) =>
  (p.targets![key].inputs as object[]).find((i): i is { runtime: string } => typeof i === 'object' && 'runtime' in i)!.runtime;

describe('integration and success targets', () => {
  const p = project(PLAN);

  it('integration-N depends on the tasks of the phases it follows; "Final" on every task; success on everything', () => {
    const t = p.targets!;
    expect(t['integration-1']).toMatchObject({
      executor: 'plan:verify',
      options: { plan: 'plan.yaml', task: 'integration-1' },
      dependsOn: ['api-contract', 'environment'],
      outputs: ['{projectRoot}/.plan/results/integration-1.json'],
      cache: true,
      metadata: { description: 'Integration 1: Contract Validation (after Phase 1)' },
    });
    expect(t['integration-2'].dependsOn).toEqual(['api-contract', 'environment', 'backend']);
    expect(t['integration-2'].metadata!.description).toBe('Integration 2: Ready (after every phase)');
    expect(t.success).toMatchObject({
      options: { task: 'success' },
      dependsOn: ['api-contract', 'environment', 'backend', 'integration-1', 'integration-2'],
    });
    expect(t.verify.dependsOn).toEqual(['api-contract', 'environment', 'backend', 'integration-1', 'integration-2', 'success']);
    expect(p.metadata!.targetGroups).toMatchObject({ 'Integration and success': ['integration-1', 'integration-2', 'success'] });
  });

  it("a stream's inputs include its items' files and check paths; an integration point's its items'", () => {
    expect(p.targets!['api-contract'].inputs).toContain('{projectRoot}/openapi.yaml');
    expect(p.targets!['integration-1'].inputs).toContain('{projectRoot}/contract/**/*');
    expect(p.targets!.verify.inputs).toEqual(expect.arrayContaining(['{projectRoot}/openapi.yaml', '{projectRoot}/contract/**/*']));
  });

  it("editing an item's check changes the hash of its stream and of everything after it, nothing else", () => {
    const edited = project(
      PLAN.replace('checks: [{ uses: validate-openapi }]', 'checks: [{ uses: validate-openapi, with: { paths: [openapi.yaml] } }]'),
    );
    const changed = Object.keys(p.targets!)
      .filter((k) => p.targets![k].inputs?.some((i) => typeof i === 'object' && 'runtime' in i))
      .filter((k) => runtimeOf(p, k) !== runtimeOf(edited, k));
    expect(changed).toEqual(['api-contract', 'backend', 'integration-1', 'integration-2', 'success']);
    const reworded = project(PLAN.replace('text: Review it', 'text: Review it with legal'));
    expect(runtimeOf(reworded, 'api-contract')).not.toBe(runtimeOf(p, 'api-contract'));
    expect(runtimeOf(reworded, 'environment')).toBe(runtimeOf(p, 'environment'));
    const success = project(
      PLAN.replace(
        '- text: Contract implemented',
        '- text: Contract implemented\n    checks: [{ uses: files-exist, with: { paths: [README.md] } }]',
      ),
    );
    expect(runtimeOf(success, 'success')).not.toBe(runtimeOf(p, 'success'));
    expect(runtimeOf(success, 'integration-2')).toBe(runtimeOf(p, 'integration-2'));
  });

  it('a plan whose integration point follows no phase becomes an invalid project naming the line', () => {
    const broken = project(PLAN.replace('after: [Phase 1]', 'after: [Phase 7]'));
    expect(broken.tags).toContain('plan:invalid');
    expect(broken.targets!.verify.options.error).toContain('shop/plan.yaml:29:13  error  Integration point 1 comes after "Phase 7"');
  });

  it("an item's file that is a symlink leaving the plan folder is refused at its line", () => {
    const linked = project(PLAN, (root) => {
      writeFileSync(path.join(root, 'outside.yaml'), 'openapi: 3.0.3\n');
      symlinkSync('../outside.yaml', path.join(root, 'shop/openapi.yaml'));
    });
    expect(linked.tags).toContain('plan:invalid');
    expect(linked.targets!.verify.options.error).toMatch(
      /shop\/plan\.yaml:14:\d+ +error +"openapi\.yaml" is a symlink to .*outside\.yaml, outside the plan folder/,
    );
  });
});
