import type { ExecutorContext, Task, TaskGraph } from '@nx/devkit';
import { useExecutorHarness } from '../../testing/executor-harness';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { CheckDefinition, resultOf } from '../../checks/contract';
import { markReadsOnly, registerCheck } from '../../checks/registry';
import { resultFileOf } from '../../checks/results-file';
import { defineRules } from '../../checks/rule-catalogue';
import verifyBatch, { BatchTaskResult, dependencyOrder } from './batch';
import { captureOutput } from './capture-output';
import verifyExecutor from './executor';

/**
 * The batch implementation against the single-task executor on the same small plan, with real
 * checks (files-exist, command): same result files, same terminal output, same success; a failed
 * task's dependants are skipped, never run.
 */
const PROJECT = 'diamond';
const ROOT = 'plans/diamond';
const DEPS: Record<string, string[]> = { base: [], left: ['base'], right: ['base'], join: ['left', 'right'], ship: ['join'] };

function planYaml(commands: Record<string, string> = {}, uses: Record<string, string> = {}): string {
  const task = (id: string, key: string) => ({
    id,
    key,
    title: `Build ${key}`,
    dependsOn: DEPS[key],
    files: [{ path: `src/${key}.txt`, action: 'create' }],
    // Each task that runs appends its key to order.log in the workspace root.
    checks: uses[key] ? [{ uses: uses[key] }] : [{ uses: 'command', with: { command: commands[key] ?? `echo ${key} >> ../../order.log` } }],
  });
  return stringify({
    version: 1,
    name: PROJECT,
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

const roots = useExecutorHarness();

/** A workspace with the diamond plan; `missing` tasks lack their file, so files-exist fails them. */
function workspace(missing: string[] = [], commands: Record<string, string> = {}, uses: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plan-batch-'));
  roots.push(root);
  mkdirSync(path.join(root, ROOT, 'src'), { recursive: true });
  writeFileSync(path.join(root, ROOT, 'plan.yaml'), planYaml(commands, uses));
  for (const key of Object.keys(DEPS)) if (!missing.includes(key)) writeFileSync(path.join(root, ROOT, `src/${key}.txt`), `${key}\n`);
  return root;
}

const optionsOf = (key: string) => ({ plan: 'plan.yaml', task: key, pluginVersion: '0.0.0' });

function context(root: string, keys: string[], parallel?: number): ExecutorContext {
  const targets = Object.fromEntries(keys.map((k) => [k, { executor: 'plan:verify', options: optionsOf(k) }]));
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectsConfigurations: { version: 2, projects: { [PROJECT]: { root: ROOT, targets } } },
    nxJsonConfiguration: parallel === undefined ? {} : { parallel },
    projectGraph: { nodes: {}, dependencies: {} },
  };
}

/** The task graph Nx hands the batch; tasks listed last-first, so order must come from the edges. */
function taskGraph(keys: string[]): TaskGraph {
  const id = (k: string) => `${PROJECT}:${k}`;
  const tasks = Object.fromEntries(
    [...keys]
      .reverse()
      .map((k) => [id(k), { id: id(k), target: { project: PROJECT, target: k }, overrides: {}, outputs: [] } as unknown as Task]),
  );
  const dependencies = Object.fromEntries(keys.map((k) => [id(k), DEPS[k].filter((d) => keys.includes(d)).map((d) => ({ id: id(d) }))]));
  const continuousDependencies = Object.fromEntries(keys.map((k) => [id(k), []]));
  return { roots: keys.filter((k) => DEPS[k].length === 0).map(id), tasks, dependencies, continuousDependencies } as TaskGraph;
}

async function runBatch(root: string, keys: string[] = KEYS, parallel?: number): Promise<BatchTaskResult[]> {
  const graph = taskGraph(keys);
  const inputs = Object.fromEntries(keys.map((k) => [`${PROJECT}:${k}`, optionsOf(k)]));
  const results: BatchTaskResult[] = [];
  for await (const r of verifyBatch(graph, inputs, {}, context(root, keys, parallel))) results.push(r);
  return results;
}

/** The single-task executor as Nx's forked process would run it: its output and success. */
async function runSingle(root: string, key: string): Promise<{ output: string; success: boolean }> {
  const ctx = { ...context(root, [key]), projectName: PROJECT, targetName: key };
  const run = await captureOutput(() => verifyExecutor(optionsOf(key), ctx));
  if (run.threw) throw run.error;
  return { output: run.output, success: run.value!.success };
}

const resultFile = (root: string, key: string) => path.join(root, ROOT, resultFileOf(key));
/** A task's result file, without the commands' measured durations (the only field that varies by run). */
const readResult = (root: string, key: string) =>
  JSON.parse(readFileSync(resultFile(root, key), 'utf8'), (field, value) => (field === 'durationMs' ? undefined : value));
const ranOrder = (root: string) => readFileSync(path.join(root, 'order.log'), 'utf8').split('\n').filter(Boolean);
const KEYS = Object.keys(DEPS);

/**
 * Test double: a check marked reads-only that logs when it starts and ends (base takes 300 ms) and
 * fails when its file says "broken", so a spec can see when the batch ran it.
 */
const events: string[] = [];
const readsProbe: CheckDefinition = {
  name: 'reads-probe',
  summary: 'test double: a reads-only check that logs its start and end',
  pathsDescription: 'one task file',
  options: [],
  rules: defineRules({ 'probe/broken': { severity: 'error', help: 'The file says broken: write anything else.' } }),
  async run(paths, _options, context) {
    const key = path.basename(paths[0], '.txt');
    events.push(`start ${key}`);
    await new Promise((resolve) => setTimeout(resolve, key === 'base' ? 300 : 10));
    events.push(`end ${key}`);
    const broken = readFileSync(path.join(context.cwd, paths[0]), 'utf8').includes('broken');
    return resultOf('reads-probe', broken ? [{ rule: 'probe/broken', severity: 'error', message: 'broken', file: paths[0] }] : []);
  },
};
registerCheck('reads-probe', readsProbe);
markReadsOnly(['reads-probe']);
const probeAll = Object.fromEntries(KEYS.map((k) => [k, 'reads-probe']));

describe('verify batch implementation', () => {
  it('orders tasks by their edges, not by how the graph lists them', () => {
    expect(dependencyOrder(taskGraph(KEYS)).map((id) => id.split(':')[1])).toEqual(['base', 'left', 'right', 'join', 'ship']);
  });

  it('gives every task what the single-task executor gives it, in dependency order', async () => {
    const batchRoot = workspace();
    const singleRoot = workspace();
    const results = await runBatch(batchRoot, KEYS);
    expect(results.map((r) => r.result.status)).toEqual(Array(KEYS.length).fill('success'));
    const order = ranOrder(batchRoot);
    expect([...order].sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) for (const dep of DEPS[key]) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(key));
    for (const key of KEYS) {
      const single = await runSingle(singleRoot, key);
      const batch = results.find((r) => r.task === `${PROJECT}:${key}`)!.result;
      expect(batch.success).toBe(single.success);
      expect(batch.terminalOutput).toBe(single.output);
      expect(batch.terminalOutput).toContain(`${key}: verified`);
      expect(readResult(batchRoot, key)).toEqual(readResult(singleRoot, key));
      expect(batch.endTime).toBeGreaterThanOrEqual(batch.startTime);
    }
  });

  it('fails a task like the single executor does and skips its dependants without running them', async () => {
    const batchRoot = workspace(['left']);
    const singleRoot = workspace(['left']);
    const results = await runBatch(batchRoot, KEYS);
    const status = Object.fromEntries(results.map((r) => [r.task.split(':')[1], r.result.status]));
    expect(status).toEqual({ base: 'success', left: 'failure', right: 'success', join: 'skipped', ship: 'skipped' });
    // left's own checks all run (files-exist fails it); join and ship never start.
    expect(ranOrder(batchRoot).sort()).toEqual(['base', 'left', 'right']);
    for (const key of ['base', 'left', 'right']) {
      const single = await runSingle(singleRoot, key);
      const batch = results.find((r) => r.task === `${PROJECT}:${key}`)!.result;
      expect([key, batch.success, batch.terminalOutput]).toEqual([key, single.success, single.output]);
      expect(readResult(batchRoot, key)).toEqual(readResult(singleRoot, key));
    }
    expect(readResult(batchRoot, 'left').status).toBe('failed');
    expect(results.find((r) => r.task === `${PROJECT}:left`)!.result.terminalOutput).toMatch(/src\/left\.txt/);
    for (const key of ['join', 'ship']) {
      expect(existsSync(resultFile(batchRoot, key))).toBe(false);
      expect(results.find((r) => r.task === `${PROJECT}:${key}`)!.result).toMatchObject({ success: false, terminalOutput: '' });
    }
  });

  it('turns an error thrown by one task into its failure with the message; tasks outside the batch count as done', async () => {
    const root = workspace();
    // left and right depend on base, which is not in this batch (Nx completed it before).
    const graph = taskGraph(['left', 'right']);
    const inputs = { [`${PROJECT}:left`]: optionsOf('nope'), [`${PROJECT}:right`]: optionsOf('right') };
    const results: BatchTaskResult[] = [];
    // Whatever the tasks print goes to their results, none of it to the terminal.
    const run = await captureOutput(async () => {
      for await (const r of verifyBatch(graph, inputs, {}, context(root, ['left', 'right']))) results.push(r);
    });
    expect(run.output).toBe('');
    const result = (key: string) => results.find((r) => r.task === `${PROJECT}:${key}`)!.result;
    expect(results).toHaveLength(2);
    expect(result('left')).toMatchObject({ success: false, status: 'failure' });
    expect(result('left').terminalOutput).toMatch(/has no task "nope"/);
    expect(result('right')).toMatchObject({ success: true, status: 'success' });
    expect(result('right').terminalOutput).toContain('right: verified');
  });

  describe('parallel tasks', () => {
    // left and right each mark that they started, then wait (up to 3 s) for the other's mark.
    const waitFor = (mine: string, other: string) =>
      `touch ../../${mine}.started; for i in $(seq 30); do [ -f ../../${other}.started ] && exit 0; sleep 0.1; done; exit 1`;
    const commands = { left: waitFor('left', 'right'), right: waitFor('right', 'left') };
    const status = (results: BatchTaskResult[]) => Object.fromEntries(results.map((r) => [r.task.split(':')[1], r.result.status]));

    it('runs independent tasks at the same time, each with its own output', async () => {
      const root = workspace([], commands);
      const results = await runBatch(root, KEYS);
      expect(status(results)).toEqual({ base: 'success', left: 'success', right: 'success', join: 'success', ship: 'success' });
      for (const r of results) {
        const key = r.task.split(':')[1];
        expect(r.result.terminalOutput).toContain(`${key}: verified`);
        for (const other of KEYS.filter((k) => k !== key)) expect(r.result.terminalOutput).not.toContain(`${other}: `);
      }
    });

    it("runs one task at a time with nx.json's parallel: 1", async () => {
      const root = workspace([], commands);
      const results = await runBatch(root, KEYS, 1);
      // Whichever side runs first waits in vain for the other and fails; its dependants are skipped.
      expect(Object.values(status(results)).sort()).toEqual(['failure', 'skipped', 'skipped', 'success', 'success']);
    });
  });

  describe('tasks whose checks only read', () => {
    beforeEach(() => void events.splice(0));
    const statusOf = (results: BatchTaskResult[]) => Object.fromEntries(results.map((r) => [r.task.split(':')[1], r.result.status]));

    it('start before the tasks they follow end, yet are recorded in dependency order, as the single executor records them', async () => {
      const root = workspace([], {}, probeAll);
      const results = await runBatch(root);
      expect(statusOf(results)).toEqual({ base: 'success', left: 'success', right: 'success', join: 'success', ship: 'success' });
      // ship's checks ran while base's were still running ...
      expect(events.indexOf('start ship')).toBeLessThan(events.indexOf('end base'));
      // ... but every result is yielded (and written) after its dependencies' results.
      const yielded = results.map((r) => r.task.split(':')[1]);
      for (const key of KEYS) for (const dep of DEPS[key]) expect(yielded.indexOf(dep)).toBeLessThan(yielded.indexOf(key));
      const singleRoot = workspace([], {}, probeAll);
      for (const key of KEYS) {
        const single = await runSingle(singleRoot, key);
        expect(results.find((r) => r.task === `${PROJECT}:${key}`)!.result.terminalOutput).toBe(single.output);
        expect(readResult(root, key)).toEqual(readResult(singleRoot, key));
      }
    });

    it('are skipped, their early work discarded, when a task they follow fails', async () => {
      const root = workspace([], {}, probeAll);
      writeFileSync(path.join(root, ROOT, 'src/base.txt'), 'broken\n');
      const results = await runBatch(root);
      expect(statusOf(results)).toEqual({ base: 'failure', left: 'skipped', right: 'skipped', join: 'skipped', ship: 'skipped' });
      expect(events).toContain('start left'); // it did run early ...
      for (const key of ['left', 'right', 'join', 'ship']) {
        expect(existsSync(resultFile(root, key))).toBe(false); // ... and nothing of it was kept
        expect(results.find((r) => r.task === `${PROJECT}:${key}`)!.result.terminalOutput).toBe('');
      }
    });

    it('wait for a task they follow whose checks may write (a command)', async () => {
      const root = workspace([], {}, { ...probeAll, base: '' });
      const results = await runBatch(root);
      expect(statusOf(results)).toEqual({ base: 'success', left: 'success', right: 'success', join: 'success', ship: 'success' });
      expect(ranOrder(root)).toEqual(['base']);
      // Nothing after base started before base was recorded.
      const baseEnd = results.find((r) => r.task === `${PROJECT}:base`)!.result.endTime;
      for (const key of ['left', 'right', 'join', 'ship'])
        expect(results.find((r) => r.task === `${PROJECT}:${key}`)!.result.startTime).toBeGreaterThanOrEqual(baseEnd);
    });
  });
});
