import type { ExecutorContext, ProjectConfiguration, TargetConfiguration, TaskGraph } from '@nx/devkit';
import { useExecutorHarness } from '../testing/executor-harness';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCheckedPlanFile } from '../checks/check-options';
import { resultFileOf } from '../checks/results-file';
import { planStatus } from '../checks/plan-status';
import { gatheredOutcome, gatherUnits } from '../cli/commands/status';
import { captureOutput } from '../executors/verify/capture-output';
import verifyBatch, { BatchTaskResult } from '../executors/verify/batch';
import verifyExecutor from '../executors/verify/executor';
import { planUnits } from '../model/items';
import { createNodesForPlanFiles } from './plugin';

/**
 * `itemTargets: true`: every item with checks is its own Nx target, cached by its own inputs and
 * definition; its stream's target depends on it and gathers its recorded result instead of running
 * its checks again. Items without checks stay with their stream.
 */
const PLAN = `version: 1
name: shop
kind: custom
title: Shop
itemTargets: true
phases:
  - id: '1'
    title: Contracts
    tasks:
      - id: A
        key: contracts
        title: Contracts
        items:
          - id: A.1
            text: Orders contract
            checks: [{ uses: command, with: { command: "echo A.1 >> runs.log && test -f orders/api.yaml" } }]
            inputs: [orders/]
          - id: A.2
            text: Payments contract
            checks: [{ uses: command, with: { command: "echo A.2 >> runs.log && test -f payments/api.yaml" } }]
            inputs: [payments/]
          - id: A.3
            text: Reviewed by the team
            unprovable: a person reviews it
  - id: '2'
    title: Ship
    tasks:
      - id: B
        key: ship
        title: Ship
        dependsOn: [A]
        items:
          - id: B.1
            text: Shipped
            checks: [{ uses: command, with: { command: "echo B.1 >> runs.log" } }]
            inputs: [ship/]
`;

const roots = useExecutorHarness();

function workspace(text = PLAN): { root: string; planDir: string; targets: Record<string, TargetConfiguration> } {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-item-targets-'));
  roots.push(root);
  const planDir = path.join(root, 'shop');
  for (const dir of ['orders', 'payments', 'ship']) mkdirSync(path.join(planDir, dir), { recursive: true });
  writeFileSync(path.join(planDir, 'plan.yaml'), text);
  writeFileSync(path.join(planDir, 'orders/api.yaml'), 'orders\n');
  writeFileSync(path.join(planDir, 'payments/api.yaml'), 'payments\n');
  const [[, result]] = createNodesForPlanFiles(['shop/plan.yaml'], {}, { workspaceRoot: root, nxJsonConfiguration: {} });
  const project = Object.values(result.projects!)[0] as ProjectConfiguration;
  return { root, planDir, targets: project.targets! };
}

const strings = (t: TargetConfiguration) => (t.inputs ?? []).filter((i): i is string => typeof i === 'string');
const hashesDependencies = (t: TargetConfiguration) =>
  (t.inputs ?? []).some((i) => typeof i === 'object' && 'dependentTasksOutputFiles' in i);
const runtime = (t: TargetConfiguration) =>
  (t.inputs ?? []).find((i): i is { runtime: string } => typeof i === 'object' && 'runtime' in i)!.runtime;

function context(root: string, targets: Record<string, TargetConfiguration>, target: string): ExecutorContext {
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName: 'shop',
    targetName: target,
    projectsConfigurations: { version: 2, projects: { shop: { root: 'shop', targets } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  };
}

async function run(ws: ReturnType<typeof workspace>, target: string): Promise<{ success: boolean; output: string }> {
  const options = ws.targets[target].options;
  const captured = await captureOutput(() => verifyExecutor(options, context(ws.root, ws.targets, target)));
  return { success: captured.value?.success === true, output: captured.output };
}

const recorded = (ws: ReturnType<typeof workspace>, key: string) =>
  JSON.parse(readFileSync(path.join(ws.planDir, resultFileOf(key)), 'utf8'));

describe('item targets (itemTargets: true)', () => {
  it('each item with checks is a target with its own inputs; its stream depends on it and keeps only what is left', () => {
    const { targets } = workspace();
    expect(Object.keys(targets).filter((k) => k.includes('.'))).toEqual(['contracts.A.1', 'contracts.A.2', 'ship.B.1']);
    expect(targets['contracts.A.2']).toMatchObject({
      options: { plan: 'plan.yaml', task: 'contracts', item: 'A.2' },
      dependsOn: [],
      outputs: ['{projectRoot}/.plan/results/contracts.A.2.json'],
      cache: true,
    });
    expect(strings(targets['contracts.A.2'])).toContain('{projectRoot}/payments/**/*');
    expect(strings(targets['contracts.A.2'])).not.toContain('{projectRoot}/orders/**/*');
    // An item's target runs after its stream's dependencies but hashes none of their results.
    expect(targets['ship.B.1'].dependsOn).toEqual(['contracts']);
    expect(hashesDependencies(targets['ship.B.1'])).toBe(false);
    expect(targets.contracts.dependsOn).toEqual(['contracts.A.1', 'contracts.A.2']);
    expect(targets.ship.dependsOn).toEqual(['contracts', 'ship.B.1']);
    expect(hashesDependencies(targets.ship)).toBe(true);
    expect(strings(targets.contracts).filter((i) => /orders|payments/.test(i))).toEqual([]);
    expect(targets.verify.inputs).toEqual(expect.arrayContaining(['{projectRoot}/orders/**/*', '{projectRoot}/payments/**/*']));
  });

  it('without the flag, items stay inside their stream (other plans keep their graph)', () => {
    const { targets } = workspace(PLAN.replace('itemTargets: true\n', ''));
    expect(Object.keys(targets).filter((k) => k.includes('.'))).toEqual([]);
    expect(targets.contracts.dependsOn).toEqual([]);
    expect(strings(targets.contracts)).toEqual(expect.arrayContaining(['{projectRoot}/orders/**/*', '{projectRoot}/payments/**/*']));
  });

  it("editing one item's check changes that item's definition and its stream's, not its sibling's or the next stream's items", () => {
    const before = workspace().targets;
    const after = workspace(PLAN.replace('test -f payments/api.yaml', 'test -s payments/api.yaml')).targets;
    const changed = Object.keys(before).filter(
      (k) => before[k].inputs?.some((i) => typeof i === 'object' && 'runtime' in i) && runtime(before[k]) !== runtime(after[k]),
    );
    // The streams' definitions chain their items and dependencies (issue 9); ship.B.1's does not.
    expect(changed).toEqual(['contracts.A.2', 'contracts', 'ship']);
  });

  it('the item targets run their checks once; the stream gathers their recorded results without running them again', async () => {
    const ws = workspace();
    for (const target of ['contracts.A.1', 'contracts.A.2']) expect((await run(ws, target)).success).toBe(true);
    expect(recorded(ws, 'contracts.A.2')).toMatchObject({
      key: 'contracts.A.2',
      status: 'verified',
      items: [{ id: 'A.2', status: 'verified' }],
    });
    const stream = await run(ws, 'contracts');
    // Only A.3 is open, and it is declared unprovable: awaiting attestation, what follows runs.
    expect(stream.success).toBe(true);
    expect(recorded(ws, 'contracts')).toMatchObject({
      status: 'unproven',
      items: [
        { id: 'A.1', status: 'verified' },
        { id: 'A.2', status: 'verified' },
        { id: 'A.3', status: 'unproven' },
      ],
    });
    expect(readFileSync(path.join(ws.planDir, 'runs.log'), 'utf8')).toBe('A.1\nA.2\n');
  });

  it("a failing item fails its own target at its finding; plan status gathers the stream from its items' results", async () => {
    const ws = workspace();
    rmSync(path.join(ws.planDir, 'payments/api.yaml'));
    expect((await run(ws, 'contracts.A.1')).success).toBe(true);
    const failed = await run(ws, 'contracts.A.2');
    expect(failed.success).toBe(false);
    expect(failed.output).toContain('contracts.A.2: failed');
    expect(failed.output).toMatch(/A\.2 Payments contract: failed/);
    expect(recorded(ws, 'contracts.A.2').status).toBe('failed');
    // Nx skips the stream's target (a dependency failed): its state comes from what its items recorded.
    expect(existsSync(path.join(ws.planDir, resultFileOf('contracts')))).toBe(false);
    const plan = loadCheckedPlanFile(path.join(ws.planDir, 'plan.yaml')).plan!;
    const unit = planUnits(plan).find((u) => u.key === 'contracts')!;
    const gathered = gatheredOutcome(plan, unit.task, 'contracts', ws.planDir)!;
    expect(gathered.status).toBe('failed');
    expect(gathered.items!.map((i) => `${i.id} ${i.status}`)).toEqual(['A.1 verified', 'A.2 failed', 'A.3 unproven']);
    // A stream none of whose items recorded anything was blocked upstream: nothing is gathered.
    expect(gatheredOutcome(plan, planUnits(plan).find((u) => u.key === 'ship')!.task, 'ship', ws.planDir)).toBeUndefined();
    // Nx restores an item's cached result before its stream's dependency fails: still blocked, never gathered.
    expect((await run(ws, 'ship.B.1')).success).toBe(true);
    const outcomes = new Map();
    gatherUnits(plan, ['contracts', 'ship'], outcomes, ws.planDir);
    expect([...outcomes.keys()]).toEqual(['contracts']);
    expect(planStatus(plan, outcomes).rows.map((r) => `${r.key} ${r.status}`)).toEqual(['contracts failed', 'ship blocked']);
  });

  it('in a batch, a stream whose item checks only read never starts before its items have recorded their results', async () => {
    // files-exist only reads: without the rule the stream would start early and find no item result.
    const ws = workspace(
      PLAN.replace(
        '{ uses: command, with: { command: "echo A.1 >> runs.log && test -f orders/api.yaml" } }',
        '{ uses: files-exist, with: { paths: [orders/api.yaml] } }',
      ).replace(
        '{ uses: command, with: { command: "echo A.2 >> runs.log && test -f payments/api.yaml" } }',
        '{ uses: files-exist, with: { paths: [payments/api.yaml] } }',
      ),
    );
    const keys = ['contracts', 'contracts.A.2', 'contracts.A.1'];
    const id = (k: string) => `shop:${k}`;
    const graph = {
      roots: ['contracts.A.1', 'contracts.A.2'].map(id),
      tasks: Object.fromEntries(
        keys.map((k) => [id(k), { id: id(k), target: { project: 'shop', target: k }, overrides: {}, outputs: [] }]),
      ),
      dependencies: {
        [id('contracts')]: [{ id: id('contracts.A.1') }, { id: id('contracts.A.2') }],
        [id('contracts.A.1')]: [],
        [id('contracts.A.2')]: [],
      },
      continuousDependencies: Object.fromEntries(keys.map((k) => [id(k), []])),
    } as unknown as TaskGraph;
    const inputs = Object.fromEntries(keys.map((k) => [id(k), ws.targets[k].options]));
    const results: BatchTaskResult[] = [];
    for await (const r of verifyBatch(graph, inputs, {}, context(ws.root, ws.targets, 'contracts'))) results.push(r);
    expect(results.map((r) => `${r.task} ${r.result.status}`)).toEqual(expect.arrayContaining(keys.map((k) => `${id(k)} success`)));
    expect(recorded(ws, 'contracts').items.map((i: { id: string; status: string }) => `${i.id} ${i.status}`)).toEqual([
      'A.1 verified',
      'A.2 verified',
      'A.3 unproven',
    ]);
  });
});
