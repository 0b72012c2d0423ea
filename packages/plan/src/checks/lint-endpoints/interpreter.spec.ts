import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CheckResult } from '../contract';
import { check } from './lint-endpoints';
import { noInterpreterFinding } from './syntax';
import {
  describeTried,
  HEALTH_MODULES,
  interpreterCandidates,
  resolveInterpreter,
  resolveInterpreterSync,
  runPython,
  workspaceRootOf,
} from './interpreter';
import { projectWith } from './__tests__/helpers';

/**
 * The resolver runs nothing but the candidates' probe. Fake interpreters (shell scripts that
 * answer the probe as a Python with or without some modules would) make each case exact on any
 * machine; the real ones are exercised by the health and syntax specs.
 */
const SYSTEM = '/usr/bin/python3';
const hasSystem = existsSync(SYSTEM);

function fakePython(file: string, answer: { major?: number; failed?: string[]; marker?: string; exit?: number }): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const failed = Object.fromEntries((answer.failed ?? []).map((m) => [m, `ModuleNotFoundError: No module named '${m}'`]));
  const line = `@@plan-probe@@${JSON.stringify({ major: answer.major ?? 3, version: `${answer.major ?? 3}.99.0`, executable: file, failed })}`;
  const body = [
    '#!/bin/sh',
    answer.marker ? `touch '${answer.marker}'` : '',
    answer.exit !== undefined ? `echo 'boom' >&2; exit ${answer.exit}` : `echo '${line}'`,
  ];
  writeFileSync(file, body.join('\n') + '\n');
  chmodSync(file, 0o755);
  return file;
}

/** Runs `body` with PATH = only `bin` (plus /bin for sh), restoring it afterwards. */
async function withPath<T>(bin: string, body: () => Promise<T> | T): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = `${bin}:/bin`;
  try {
    return await body();
  } finally {
    process.env.PATH = saved;
  }
}

describe('interpreter resolution: order', () => {
  it('the workspace root is the nearest folder with nx.json, else the plan folder itself', () => {
    const ws = projectWith({ 'nx.json': '{}', 'plans/churn/plan.yaml': '' });
    expect(workspaceRootOf(path.join(ws, 'plans', 'churn'))).toBe(ws);
    const loose = projectWith({ 'plan/plan.yaml': '' });
    expect(workspaceRootOf(path.join(loose, 'plan'))).toBe(path.join(loose, 'plan'));
  });

  it('option, else venvs nearest first (checked file, then plan folder, up to the root), then python3, then the system Python', async () => {
    const ws = projectWith({ 'nx.json': '{}', 'plan/api/main.py': '', 'plan/ml/train.py': '' });
    const apiVenv = fakePython(path.join(ws, 'plan', 'api', '.venv', 'bin', 'python'), {});
    const planVenv = fakePython(path.join(ws, 'plan', 'venv', 'bin', 'python'), {});
    const rootVenv = fakePython(path.join(ws, '.venv', 'bin', 'python'), {});
    const bin = path.join(ws, 'bin');
    fakePython(path.join(bin, 'python3'), {});
    const request = {
      paths: [path.join(ws, 'plan', 'ml', 'train.py'), path.join(ws, 'plan', 'api', 'main.py')],
      cwd: path.join(ws, 'plan'),
    };
    const { candidates } = await withPath(bin, () => interpreterCandidates(request));
    expect(candidates).toEqual([
      { command: planVenv, source: 'venv' },
      { command: rootVenv, source: 'venv' },
      { command: apiVenv, source: 'venv' },
      { command: 'python3', source: 'path' },
      ...(hasSystem ? [{ command: SYSTEM, source: 'system' }] : []),
    ]);
    // The option replaces the search; a relative one resolves against the plan folder.
    expect(interpreterCandidates({ ...request, option: 'tools/py' }).candidates).toEqual([
      { command: path.join(ws, 'plan', 'tools', 'py'), source: 'option' },
    ]);
    expect(interpreterCandidates({ ...request, option: 'python3.12' }).candidates).toEqual([{ command: 'python3.12', source: 'option' }]);
  });

  it('a relative python option that leaves the workspace is rejected, not run', () => {
    const ws = projectWith({ 'nx.json': '{}', 'plan/main.py': '' });
    const resolution = resolveInterpreterSync({ option: '../../shared/.venv/bin/python', paths: [], cwd: path.join(ws, 'plan') });
    expect(resolution.interpreter).toBeUndefined();
    expect(resolution.tried).toEqual([
      expect.objectContaining({ source: 'option', reason: expect.stringContaining('outside the workspace root') }),
    ]);
  });
});

describe('interpreter resolution: rejections', () => {
  it('skips a venv without the modules, one that is not Python 3 and one that crashes, saying why; takes the next that fits', async () => {
    const ws = projectWith({ 'nx.json': '{}', 'a/b/c/main.py': '' });
    const noFastapi = fakePython(path.join(ws, 'a', 'b', 'c', '.venv', 'bin', 'python'), { failed: ['fastapi'] });
    const python2 = fakePython(path.join(ws, 'a', 'b', '.venv', 'bin', 'python'), { major: 2 });
    const crashing = fakePython(path.join(ws, 'a', '.venv', 'bin', 'python'), { exit: 3 });
    const onlyUvicorn = fakePython(path.join(ws, '.venv', 'bin', 'python'), { failed: ['httpx'] });
    const resolution = await resolveInterpreter({ paths: [path.join(ws, 'a', 'b', 'c', 'main.py')], cwd: ws, needs: HEALTH_MODULES });
    expect(resolution.interpreter).toMatchObject({ command: onlyUvicorn, source: 'venv', version: '3.99.0' });
    expect(resolution.tried).toEqual([
      { command: noFastapi, source: 'venv', reason: expect.stringMatching(/cannot import fastapi \(ModuleNotFoundError/) },
      { command: python2, source: 'venv', reason: 'is Python 2.99.0, not Python 3' },
      { command: crashing, source: 'venv', reason: expect.stringMatching(/exited with code 3 \(boom\)/) },
    ]);
  });

  it('with none that fits, every candidate is listed with its reason in the finding and the metadata, with the fix', async () => {
    const ws = projectWith({ 'nx.json': '{}', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    fakePython(path.join(ws, '.venv', 'bin', 'python'), { failed: ['fastapi', 'httpx', 'uvicorn'] });
    const bin = path.join(ws, 'bin');
    fakePython(path.join(bin, 'python3'), { failed: ['fastapi', 'httpx', 'uvicorn'] });
    // /usr/bin/python3 may fit on this machine: the check's search is the same, so only the
    // outcome without it is asserted exactly.
    const result: CheckResult = await withPath(bin, () => check.run(['main.py'], { health: true, noSyntax: true }, { cwd: ws }));
    const tried = result.metadata?.interpreterTried as Array<{ command: string; reason: string }>;
    expect(tried.slice(0, 2).map((t) => [t.command, t.reason.replace(/ \(.*/, '')])).toEqual([
      [
        path.join(ws, '.venv', 'bin', 'python'),
        `Python 3.99.0 at ${path.join(ws, '.venv', 'bin', 'python')} cannot import fastapi, httpx or uvicorn`,
      ],
      ['python3', `Python 3.99.0 at ${path.join(bin, 'python3')} cannot import fastapi, httpx or uvicorn`],
    ]);
    // The last resort (/usr/bin/python3) may fit on this machine; with a fake one nothing does.
    const systemPython = fakePython(path.join(ws, 'usr', 'python3'), { failed: ['fastapi'] });
    const resolution = await withPath(bin, () =>
      resolveInterpreter({ paths: [path.join(ws, 'main.py')], cwd: ws, needs: HEALTH_MODULES, systemPython }),
    );
    expect(resolution.interpreter).toBeUndefined();
    expect(resolution.tried.map((t) => t.source)).toEqual(['venv', 'path', 'system']);
    const finding = noInterpreterFinding(resolution.tried, HEALTH_MODULES, { file: 'main.py', line: 2, column: 7 });
    expect(finding).toMatchObject({ rule: 'python/interpreter-not-found', severity: 'error', file: 'main.py', line: 2, column: 7 });
    expect(finding.message).toContain(describeTried(resolution.tried));
    expect(finding.message).toContain(`${path.join(ws, '.venv', 'bin', 'python')} [venv]: Python 3.99.0`);
    expect(finding.message).toContain(`${systemPython} [system]: Python 3.99.0 at ${systemPython} cannot import fastapi`);
    expect(finding.message).toContain('apt-get install python3-fastapi python3-uvicorn python3-httpx');
    expect(finding.message).toContain('pip install fastapi uvicorn httpx');
  });

  it('an explicit python option is never replaced: when it lacks a module the check fails naming it', async () => {
    const ws = projectWith({ 'nx.json': '{}', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    const chosen = fakePython(path.join(ws, 'py', 'python'), { failed: ['fastapi'] });
    const result = await check.run(['main.py'], { health: true, noSyntax: true, python: 'py/python' }, { cwd: ws });
    expect(result.metadata?.interpreterTried).toEqual([
      { command: chosen, source: 'option', reason: expect.stringContaining('cannot import fastapi') },
    ]);
    const [finding] = result.findings.filter((f) => f.rule === 'python/interpreter-not-found');
    expect(finding.message).toMatch(/fix the check's `python` option, or remove it/);
  });
});

describe('interpreter resolution: the workspace boundary', () => {
  /** outer/.venv (would create outer/ran-outer), outer/ws/nx.json, outer/ws/plan/main.py. */
  function layout(): { outer: string; ws: string; plan: string; marker: string } {
    const outer = projectWith({ 'ws/nx.json': '{}', 'ws/plan/main.py': 'x = 1\n', 'elsewhere/tool.py': 'y = 2\n' });
    const marker = path.join(outer, 'ran-outer');
    fakePython(path.join(outer, '.venv', 'bin', 'python'), { marker });
    fakePython(path.join(outer, 'elsewhere', '.venv', 'bin', 'python'), { marker });
    return { outer, ws: path.join(outer, 'ws'), plan: path.join(outer, 'ws', 'plan'), marker };
  }

  it('a .venv above the workspace root is never executed, for files inside or outside the workspace', async () => {
    const { plan, marker } = layout();
    const result = await check.run(['main.py', '../../elsewhere/tool.py'], {}, { cwd: plan });
    expect(existsSync(marker)).toBe(false);
    expect(result.metadata?.interpreterSource).not.toBe('venv');
    expect(interpreterCandidates({ paths: [path.join(plan, 'main.py')], cwd: plan }).candidates.filter((c) => c.source === 'venv')).toEqual(
      [],
    );
  });

  it('without nx.json the plan folder is the boundary: a .venv in its parent is not run', async () => {
    const outer = projectWith({ 'plan/main.py': 'x = 1\n' });
    const marker = path.join(outer, 'ran-parent');
    fakePython(path.join(outer, '.venv', 'bin', 'python'), { marker });
    await check.run(['main.py'], {}, { cwd: path.join(outer, 'plan') });
    expect(existsSync(marker)).toBe(false);
  });

  it('control: the same fake inside the workspace root is found and run (so the marker test can fail)', async () => {
    const { ws, plan } = layout();
    const marker = path.join(ws, 'ran-inside');
    const inside = fakePython(path.join(ws, '.venv', 'bin', 'python'), { marker });
    const resolution = await resolveInterpreter({ paths: [path.join(plan, 'main.py')], cwd: plan });
    expect(resolution.interpreter).toMatchObject({ command: inside, source: 'venv' });
    expect(existsSync(marker)).toBe(true);
  });
});

describe('interpreter runs', () => {
  it('the probe result is cached per process: a second resolution, with other or no modules, does not run the interpreter again', async () => {
    const ws = projectWith({ 'nx.json': '{}' });
    const counter = path.join(ws, 'runs');
    const python = path.join(ws, '.venv', 'bin', 'python');
    fakePython(python, {});
    writeFileSync(
      python,
      `#!/bin/sh\necho x >> '${counter}'\necho '@@plan-probe@@{"major":3,"version":"3.99.0","executable":"${python}","failed":{}}'\n`,
    );
    // At once, as a batch's two lint-endpoints checks do (one with the health probe, one without).
    const [health, plain] = await Promise.all([
      resolveInterpreter({ paths: [], cwd: ws, needs: HEALTH_MODULES }),
      resolveInterpreter({ paths: [], cwd: ws }),
    ]);
    expect([health.interpreter?.command, plain.interpreter?.command]).toEqual([python, python]);
    await resolveInterpreter({ paths: [], cwd: ws, needs: ['fastapi'] });
    resolveInterpreterSync({ paths: [], cwd: ws, needs: HEALTH_MODULES });
    expect(readFileSync(counter, 'utf8')).toBe('x\n');
    // A module outside the health set is a new question for the interpreter.
    await resolveInterpreter({ paths: [], cwd: ws, needs: ['json'] });
    expect(readFileSync(counter, 'utf8')).toBe('x\nx\n');
  });

  it('runPython passes the Python variables the check sets and none of our tokens', async () => {
    const { interpreter } = await resolveInterpreter({ paths: [], cwd: projectWith({}) });
    if (!interpreter) throw new Error('no Python 3 on this machine: the lint-endpoints specs need one (python3 on PATH)');
    const saved = process.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN;
    process.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN = 'nx-secret';
    try {
      const run = await runPython(interpreter, {
        args: ['-c', 'import json, os, sys; print(json.dumps(dict(os.environ)))'],
        stdin: '',
        cwd: projectWith({}),
        timeoutMs: 20000,
      });
      const env = JSON.parse(run.stdout) as Record<string, string>;
      expect(Object.keys(env).filter((k) => k.startsWith('NX_'))).toEqual([]);
      expect(env).toMatchObject({ PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' });
    } finally {
      if (saved === undefined) delete process.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN;
      else process.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN = saved;
    }
  });
});
