import * as path from 'node:path';
import { CheckResult } from '../contract';
import { collectPythonFiles } from './files';
import { checkHealth, locateApp } from './health';
import { check } from './lint-endpoints';
import { analyseModule, ModuleAnalysis } from './endpoints';
import { withPythonTree } from './tree-sitter';
import { projectWith, py } from './__tests__/helpers';
import { pythonFor } from './__tests__/python';
import { existsSync, readFileSync } from 'node:fs';

/**
 * These tests really start Python: the interpreter the checks' own resolver picks for FastAPI,
 * httpx (TestClient) and uvicorn (the fallback runner), e.g. Debian's /usr/bin/python3 with
 * python3-fastapi when python3 on PATH lacks them.
 */
const FOUND = pythonFor(['fastapi', 'httpx', 'uvicorn'], 'health tests');
const PYTHON = FOUND ?? 'python3';
const describeIfFastApi = FOUND ? describe : describe.skip;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function health(dir: string, paths: string[]): Promise<CheckResult> {
  return check.run(paths, { health: true, python: PYTHON, healthTimeout: 20 }, { cwd: dir });
}

describeIfFastApi('lint-endpoints: health (GET /health with a real interpreter)', () => {
  it('passes when /health answers 200 (package layout, absolute imports of the package)', async () => {
    const dir = projectWith({
      'api/__init__.py': '',
      'api/main.py': py(`
        from fastapi import FastAPI
        from api.routers import items

        app = FastAPI()
        app.include_router(items.router)

        @app.get("/health")
        def health() -> dict:
            return {"status": "ok", "items": items.COUNT}
      `),
      'api/routers/__init__.py': '',
      'api/routers/items.py': 'from fastapi import APIRouter\nrouter = APIRouter()\nCOUNT = 0\n',
    });
    const result = await health(dir, ['api']);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.metadata?.health).toMatchObject({ status: 200, app: 'api.main:app', root: dir, runner: 'testclient' });
    expect(result.metadata?.interpreterVersion).toMatch(/^3\./);
  });

  it('fails with the status and body when /health answers 500 (relative imports, no __init__.py)', async () => {
    const dir = projectWith({
      'svc/main.py': py(`
        from fastapi import FastAPI
        from fastapi.responses import JSONResponse
        from .state import READY

        app = FastAPI()

        @app.get("/health")
        def health() -> JSONResponse:
            return JSONResponse({"db": "down"}, status_code=500 if not READY else 200)
      `),
      'svc/state.py': 'READY = False\n',
    });
    const result = await health(dir, ['svc']);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'health/status', severity: 'error', file: path.join('svc', 'main.py'), line: 8, column: 5 }),
    ]);
    expect(result.findings[0].message).toMatch(/returned 500 \(body: \{"db":"down"\}\), expected 200/);
    expect(result.metadata?.health).toMatchObject({ app: 'svc.main:app', root: dir, status: 500 });
  });

  it('fails with 404 when the app has no /health route (flat layout)', async () => {
    const dir = projectWith({
      'main.py': 'from fastapi import FastAPI\nfrom helpers import NAME\napp = FastAPI(title=NAME)\n',
      'helpers.py': 'NAME = "flat"\n',
    });
    const result = await health(dir, ['main.py', 'helpers.py']);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'endpoints/none-found', severity: 'warning' }),
      expect.objectContaining({ rule: 'health/status', severity: 'error', file: 'main.py', line: 3, column: 1 }),
    ]);
    const status = result.findings.find((f) => f.rule === 'health/status')!;
    expect(status.message).toMatch(/returned 404.*add a route: @app.get\("\/health"\)/);
    expect(result.metadata?.health).toMatchObject({ app: 'main:app', status: 404 });
  });

  it('names a missing module, where it is imported, and how to install it', async () => {
    const dir = projectWith({
      'app/main.py': py(`
        from fastapi import FastAPI
        from app import db

        app = FastAPI()
      `),
      'app/__init__.py': '',
      'app/db.py': 'import os\nimport sqlalchemy_not_installed_xyz\n',
    });
    const result = await health(dir, ['app']);
    const [missing] = result.findings.filter((f) => f.rule === 'health/missing-module');
    expect(missing).toMatchObject({ severity: 'error', file: path.join('app', 'db.py'), line: 2, column: 1 });
    expect(missing.message).toContain('"sqlalchemy_not_installed_xyz"');
    expect(missing.message).toContain('pip install -r requirements.txt');
    expect(missing.message).toContain('python3-fastapi python3-uvicorn python3-httpx');
    expect(result.metadata?.health).toMatchObject({ status: 'import-error', missingModule: 'sqlalchemy_not_installed_xyz' });
  });

  it('reports an exception at import with the traceback line and its file:line', async () => {
    const dir = projectWith({
      'main.py': 'from fastapi import FastAPI\nimport os\n\nSETTING = os.environ["PLAN_TEST_SURELY_UNSET_VARIABLE"]\napp = FastAPI()\n',
    });
    const result = await health(dir, ['main.py']);
    const [error] = result.findings.filter((f) => f.rule === 'health/import-error');
    expect(error).toMatchObject({ severity: 'error', file: 'main.py', line: 4 });
    expect(error.message).toMatch(/KeyError: 'PLAN_TEST_SURELY_UNSET_VARIABLE' \(main\.py:4\)/);
  });

  it('stops an app that hangs at start-up after healthTimeout, with its subprocesses', async () => {
    const dir = projectWith({
      'main.py': py(`
        import os, subprocess, time
        from fastapi import FastAPI
        child = subprocess.Popen(["sleep", "60"])
        with open("pids.txt", "w") as f:
            f.write("%d %d" % (os.getpid(), child.pid))
        time.sleep(60)
        app = FastAPI()
      `),
    });
    const started = Date.now();
    const result = await check.run(['main.py'], { health: true, python: PYTHON, healthTimeout: 1.5 }, { cwd: dir });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.findings.filter((f) => f.rule === 'health/timeout')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'main.py', line: 7, column: 1 }),
    ]);
    const pids = readFileSync(path.join(dir, 'pids.txt'), 'utf8').split(' ').map(Number);
    // SIGKILL is asynchronous and an orphan may linger as a zombie until reaped: poll briefly.
    const deadline = Date.now() + 3000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(pids.filter(alive)).toEqual([]);
  });

  it('the app runs confined: no token of ours in its environment, and a subprocess it leaves is killed', async () => {
    const secrets = { NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'nx-secret', GITHUB_TOKEN: 'gh-secret', AWS_SECRET_ACCESS_KEY: 'aws' };
    const dir = projectWith({
      'main.py': py(`
        import json, os, subprocess
        from fastapi import FastAPI
        # Would outlive the probe: detached from our pipes, still running when the check ends.
        child = subprocess.Popen(["sleep", "300"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open("seen.json", "w") as f:
            json.dump({"env": dict(os.environ), "child": child.pid}, f)
        app = FastAPI()

        @app.get("/health")
        def health() -> dict:
            return {"status": "ok"}
      `),
    });
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    let result: CheckResult;
    try {
      result = await health(dir, ['main.py']);
    } finally {
      for (const key of Object.keys(secrets)) if (!(key in saved)) delete process.env[key];
    }
    expect(result.findings).toEqual([]);
    const seen = JSON.parse(readFileSync(path.join(dir, 'seen.json'), 'utf8')) as { env: Record<string, string>; child: number };
    expect(Object.keys(seen.env).filter((name) => /TOKEN|SECRET|^AWS_|^NX_/.test(name))).toEqual([]);
    expect(seen.env.PYTHONDONTWRITEBYTECODE).toBe('1');
    const deadline = Date.now() + 3000;
    while (alive(seen.child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(seen.child)).toBe(false);
  });

  it('serves with uvicorn on a loopback port when asked (the fallback without httpx)', async () => {
    const dir = projectWith({
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/health")\ndef h() -> dict:\n    return {"ok": True}\n',
    });
    const { files } = await collectPythonFiles(['main.py'], dir);
    const analyses = new Map<string, ModuleAnalysis>();
    for (const f of files) analyses.set(f.absolute, await withPythonTree(readFileSync(f.absolute, 'utf8'), analyseModule));
    const app = locateApp(files, analyses)!;
    const outcome = await checkHealth(app, { command: PYTHON, source: 'option' }, 20, (p) => p, undefined, 'uvicorn');
    expect(outcome.findings).toEqual([]);
    expect(outcome.metadata).toMatchObject({ status: 200, runner: 'uvicorn' });
  });
});
