import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Workspace } from './utils/workspace';
import { startRemoteCacheServerProcess, RemoteCacheServerProcess } from './utils/remote-cache-server';
import { buildContext } from '../packages/plan/src/generators/ml-app/domain';
import { generateDdl } from '../packages/plan/src/checks/validate-schema/ddl';
import { parseTableSpec } from '../packages/plan/src/checks/validate-schema/table-spec';
import { writeGlmMojo } from '../packages/plan/src/testing/glm-mojo';

/**
 * Issue 5 acceptance with the real nx CLI: task-level `nx affected -t verify` re-runs exactly the
 * tasks a change reaches (the changed task and its downstream, in that plan only), everything else
 * comes from cache; a second copy of the workspace gets every task from a shared remote cache;
 * a remote cache that does not answer fails the run with a message that says so.
 */
const PLANS = ['churn', 'fraud'];

/** Tasks nx ran and how: executed, or read from the local or remote cache. */
function tasksOf(output: string): { executed: string[]; cached: string[] } {
  const executed = new Set<string>();
  const cached = new Set<string>();
  for (const match of output.matchAll(/nx run ([\w-]+):([\w-]+)([^\n]*)/g)) {
    const id = `${match[1]}:${match[2]}`;
    if (/cache/.test(match[3])) cached.add(id);
    else executed.add(id);
  }
  for (const id of cached) executed.delete(id);
  return { executed: [...executed].sort(), cached: [...cached].sort() };
}

describe('affected-only verification and a shared remote cache (packed plugin, real nx)', () => {
  let ws: Workspace;
  const run = (w: Workspace, ...args: string[]) => w.nx(...args, '--outputStyle=static');

  beforeAll(() => {
    ws = Workspace.create('affected');
    for (const name of PLANS) {
      const gen = ws.nx('g', 'plan:ml-app', name, '--no-interactive');
      if (gen.code !== 0) throw new Error(gen.output);
      const ctx = buildContext({ name });
      const model = path.join(ws.root, name, ctx.paths.model);
      mkdirSync(path.dirname(model), { recursive: true });
      writeGlmMojo(model, {
        numericFeatures: ctx.features.filter((f) => f.kind === 'numeric').map((f) => f.name),
        categoricalFeatures: ctx.features.filter((f) => f.kind === 'categorical').map((f) => ({ name: f.name, levels: f.levels! })),
        response: ctx.target.name,
        responseDomain: [...ctx.target.levels],
      });
      ws.sh('git', ['add', '-f', path.join(name, ctx.paths.model)]);
    }
    ws.commit('two ml-app plans with their models');
    const first = run(ws, 'run-many', '-t', 'verify');
    if (first.code !== 0) throw new Error(`initial verify failed:\n${first.output}`);
  });

  it('a Dockerfile change re-runs only churn:docker', () => {
    writeFileSync(path.join(ws.root, 'churn/Dockerfile'), readFileSync(path.join(ws.root, 'churn/Dockerfile'), 'utf8') + '\n# tuned\n');
    ws.commit('tune churn Dockerfile');
    const affected = run(ws, 'affected', '-t', 'verify', '--base=HEAD~1', '--head=HEAD');
    expect(affected.code).toBe(0);
    const { executed, cached } = tasksOf(affected.output);
    expect(executed.filter((t) => t !== 'churn:verify')).toEqual(['churn:docker']);
    expect(cached).toEqual(
      expect.arrayContaining(['churn:schema', 'churn:fastapi', 'churn:pipeline', 'churn:training', 'churn:mojo', 'churn:predict']),
    );
    expect([...executed, ...cached].filter((t) => t.startsWith('fraud:'))).toEqual([]);
  });

  it('a schema change re-runs schema and everything downstream of it; fastapi comes from cache', () => {
    const ctx = buildContext({ name: 'churn' });
    const specFile = path.join(ws.root, 'churn', ctx.paths.schemaJson);
    const spec = JSON.parse(readFileSync(specFile, 'utf8'));
    spec.tables[0].comment = 'Customers scored for churn (edited)';
    writeFileSync(specFile, JSON.stringify(spec, null, 2) + '\n');
    writeFileSync(path.join(ws.root, 'churn', ctx.paths.schemaSql), generateDdl(parseTableSpec(spec).spec!));
    ws.commit('document the churn table');
    const affected = run(ws, 'affected', '-t', 'verify', '--base=HEAD~1', '--head=HEAD');
    expect(affected.code).toBe(0);
    const { executed, cached } = tasksOf(affected.output);
    expect(executed.filter((t) => t !== 'churn:verify')).toEqual([
      'churn:docker',
      'churn:mojo',
      'churn:pipeline',
      'churn:predict',
      'churn:schema',
      'churn:training',
    ]);
    expect(cached).toContain('churn:fastapi');
    expect([...executed, ...cached].filter((t) => t.startsWith('fraud:'))).toEqual([]);
  });

  describe('a shared remote cache', () => {
    let server: RemoteCacheServerProcess;
    let copy: Workspace;

    beforeAll(async () => {
      server = await startRemoteCacheServerProcess({ token: 'e2e-secret' });
      copy = new Workspace('affected-copy');
      cpSync(ws.root, copy.root, { recursive: true, filter: (src) => !/[\\/]\.nx-(cache|data)/.test(src) && !/[\\/]\.plan$/.test(src) });
      for (const w of [ws, copy]) {
        w.env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER = server.url;
        w.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN = 'e2e-secret';
      }
    });

    afterAll(async () => {
      await server?.stop();
    });

    it("fills the cache from the first copy; the second copy's first run executes no task", async () => {
      // A fresh local cache: every task executes and is written to the remote cache.
      ws.env.NX_CACHE_DIRECTORY = path.join(ws.root, '.nx-cache-fill');
      const fill = run(ws, 'run-many', '-t', 'verify');
      expect(fill.code).toBe(0);
      expect((await server.stats()).puts).toBeGreaterThanOrEqual(14);
      const second = run(copy, 'run-many', '-t', 'verify');
      expect(second.code).toBe(0);
      const { executed, cached } = tasksOf(second.output);
      expect(executed.filter((t) => !t.endsWith(':verify'))).toEqual([]);
      expect(cached.length).toBeGreaterThanOrEqual(14);
      expect(second.output).toMatch(/remote cache/);
    });

    it('plan status marks results restored from the remote cache; --no-remote verifies them on this machine', () => {
      // The copy stands for another machine: it produced none of these results itself.
      rmSync(path.join(copy.root, 'node_modules/.cache/plan'), { recursive: true, force: true });
      const rowsOf = (r: { code: number; stdout: string; output: string }) => {
        if (r.code !== 0) throw new Error(r.output);
        return JSON.parse(r.stdout).rows as { key: string; status: string; origin?: string }[];
      };
      const trusting = rowsOf(copy.plan('status', 'churn', '--json'));
      expect(trusting.length).toBeGreaterThanOrEqual(6);
      expect(trusting.map((r) => r.origin)).toEqual(trusting.map(() => 'remote'));
      expect(copy.plan('status', 'churn').stdout).toMatch(/restored from a remote cache, produced elsewhere: plan status --no-remote/);

      const strict = rowsOf(copy.plan('status', 'churn', '--no-remote', '--json'));
      expect(strict.map((r) => [r.key, r.origin])).toEqual(trusting.map((r) => [r.key, 'run']));
      expect(strict.map((r) => r.status)).toEqual(trusting.map((r) => r.status));
      // Again: a result restored from the local cache counts once its content is one this machine produced;
      // results whose content differs from run to run were produced elsewhere and are verified again.
      const again = rowsOf(copy.plan('status', 'churn', '--no-remote', '--json'));
      expect(again.filter((r) => r.origin === 'remote')).toEqual([]);
      expect(again.filter((r) => r.origin === 'local').length).toBeGreaterThan(0);
      expect(again.map((r) => r.status)).toEqual(trusting.map((r) => r.status));
    });

    it('plan doctor says the configured cache answers', () => {
      const doctor = copy.plan('doctor');
      expect(doctor.code).toBe(0);
      expect(doctor.output).toMatch(new RegExp(server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    });

    it('with the server down the run fails saying so, and plan doctor explains what to do', async () => {
      await server.stop();
      copy.env.NX_CACHE_DIRECTORY = path.join(copy.root, '.nx-cache-down');
      const down = run(copy, 'run-many', '-t', 'verify');
      expect(down.code).not.toBe(0);
      expect(down.output).toMatch(/Failed to send request: error sending request for url \(http:\/\/127\.0\.0\.1:\d+\/v1\/cache\/\w+\)/);
      const doctor = copy.plan('doctor');
      expect(doctor.code).toBe(1);
      expect(doctor.output).toMatch(/does not answer/);
    });
  });
});
