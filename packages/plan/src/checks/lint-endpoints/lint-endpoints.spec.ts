import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { CheckResult, CheckUsageError, Finding } from '../contract';
import { runCheck } from '../run-check';
import { HEALTH_MODULES } from './interpreter';
import { check, LintEndpointsOptions } from './lint-endpoints';
import { projectWith, py } from './__tests__/helpers';
import { pythonFor } from './__tests__/python';

const FASTAPI_PYTHON = pythonFor(HEALTH_MODULES, 'the health/skipped case');

async function lint(cwd: string, paths: string[], options: LintEndpointsOptions = {}): Promise<CheckResult> {
  return check.run(paths, options, { cwd });
}

function byRule(result: CheckResult, rule: string): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

const GOOD_MAIN = py(`
  from typing import Annotated
  from fastapi import Depends, FastAPI, Query, WebSocket

  app = FastAPI()

  def get_db() -> str:
      return "db"

  @app.get("/health")
  def health() -> dict:
      return {"status": "ok"}

  @app.get("/items/{item_id}", response_model=dict)
  async def read_item(item_id: int, q: Annotated[str, Query()] = "", db: str = Depends(get_db)):
      return {"id": item_id}

  @app.websocket("/ws")
  async def ws(websocket: WebSocket):
      await websocket.accept()
`);

describe('lint-endpoints: syntax layer (CPython compile)', () => {
  it('reports a syntax error at its line and column, with the file as given', async () => {
    const dir = projectWith({ 'app/main.py': 'import os\n\ndef f(:\n    pass\n' });
    const result = await lint(dir, ['app'], { python: 'python3' });
    expect(result.ok).toBe(false);
    const [error] = byRule(result, 'python/syntax-error');
    expect(error).toMatchObject({ severity: 'error', file: path.join('app', 'main.py'), line: 3, column: 7 });
    expect(error.message).toMatch(/SyntaxError: invalid syntax/);
  });

  it('counts columns in UTF-16 code units after astral characters', async () => {
    const dir = projectWith({ 'm.py': 'x = "😀" $\n' });
    const [error] = byRule(await lint(dir, ['m.py'], { python: 'python3' }), 'python/syntax-error');
    // `$` is the 9th code point but the 10th UTF-16 unit (the emoji takes two).
    expect(error).toMatchObject({ file: 'm.py', line: 1, column: 10 });
  });

  it('rejects what tree-sitter accepts: Python 2 print, bad indentation, duplicate arguments', async () => {
    const dir = projectWith({
      'a.py': 'print "hello"\n',
      'b.py': 'if True:\npass\n',
      'c.py': 'def f(a, a):\n    return a\n',
    });
    const result = await lint(dir, ['a.py', 'b.py', 'c.py'], { python: 'python3' });
    const errors = byRule(result, 'python/syntax-error');
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['a.py', 1],
      ['b.py', 2],
      ['c.py', 1],
    ]);
    expect(errors[1].message).toMatch(/^IndentationError/);
    expect(errors[2].message).toMatch(/duplicate argument 'a'/);
  });

  it('passes valid code and records the interpreter and its version', async () => {
    const dir = projectWith({ 'main.py': GOOD_MAIN });
    const result = await lint(dir, ['main.py'], { python: 'python3' });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.metadata).toMatchObject({ filesChecked: 1, syntaxChecked: true, interpreterSource: 'option' });
    expect(result.metadata?.interpreterVersion).toMatch(/^3\.\d+\.\d+/);
  });

  it('noSyntax skips compile() entirely (no interpreter is run)', async () => {
    const dir = projectWith({ 'main.py': 'print "py2"\n' });
    const result = await lint(dir, ['main.py'], { noSyntax: true, python: '/nonexistent/python' });
    expect(byRule(result, 'python/syntax-error')).toEqual([]);
    expect(byRule(result, 'python/interpreter-not-found')).toEqual([]);
    expect(result.metadata).toMatchObject({ syntaxChecked: false, interpreter: null });
  });

  it('gives a clear error finding when the interpreter cannot run', async () => {
    const dir = projectWith({ 'main.py': GOOD_MAIN });
    const result = await lint(dir, ['main.py'], { python: '/nonexistent/python' });
    expect(result.ok).toBe(false);
    const [error] = byRule(result, 'python/interpreter-not-found');
    expect(error).toMatchObject({ severity: 'error', file: 'main.py' });
    expect(error.message).toContain('/nonexistent/python');
    expect(error.message).toMatch(/python` option/);
  });

  it('uses the project venv found above the checked path, up to the workspace root', async () => {
    const dir = projectWith({ 'api/main.py': GOOD_MAIN, 'nx.json': '{}' });
    mkdirSync(path.join(dir, '.venv', 'bin'), { recursive: true });
    symlinkSync('/usr/bin/python3', path.join(dir, '.venv', 'bin', 'python'));
    const result = await lint(path.join(dir, 'api'), ['main.py']);
    expect(result.metadata).toMatchObject({ interpreterSource: 'venv' });
    expect(result.metadata?.interpreter).toBe(path.join(dir, '.venv', 'bin', 'python'));
  });
});

describe('lint-endpoints: endpoint annotations (tree-sitter)', () => {
  it('passes a fully annotated app: Annotated[...], Depends() defaults, response_model=, websocket', async () => {
    const dir = projectWith({ 'main.py': GOOD_MAIN });
    const result = await lint(dir, ['main.py'], { noSyntax: true });
    expect(result.findings).toEqual([]);
    expect(result.metadata?.endpoints).toEqual([
      { methods: ['GET'], path: '/health', function: 'health', file: 'main.py', line: 10, column: 5 },
      { methods: ['GET'], path: '/items/{item_id}', function: 'read_item', file: 'main.py', line: 14, column: 11 },
      { methods: ['WEBSOCKET'], path: '/ws', function: 'ws', file: 'main.py', line: 18, column: 11 },
    ]);
  });

  it('reports a missing parameter annotation at the parameter', async () => {
    const dir = projectWith({
      'main.py': py(`
        from fastapi import FastAPI
        app = FastAPI()

        @app.post("/items")
        def create(name: str, count, flag=False) -> dict:
            return {}
      `),
    });
    const result = await lint(dir, ['main.py'], { noSyntax: true });
    expect(result.ok).toBe(false);
    const missing = byRule(result, 'endpoints/missing-parameter-annotation');
    expect(missing).toEqual([
      expect.objectContaining({ severity: 'error', file: 'main.py', line: 5, column: 23, endLine: 5, endColumn: 28 }),
      expect.objectContaining({ severity: 'error', file: 'main.py', line: 5, column: 30 }),
    ]);
    expect(missing[0].message).toMatch(/Parameter "count" of endpoint create\(\)/);
    expect(missing[1].message).toContain('`flag: SomeType = False`');
  });

  it('reports a missing return annotation at the function name', async () => {
    const dir = projectWith({
      'main.py': py(`
        import fastapi
        app = fastapi.FastAPI(title="x")

        @app.delete("/items/{item_id}")
        async def remove(item_id: int):
            return None
      `),
    });
    const result = await lint(dir, ['main.py'], { noSyntax: true });
    expect(byRule(result, 'endpoints/missing-return-annotation')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'main.py', line: 5, column: 11, endColumn: 17 }),
    ]);
    expect(result.findings[0].message).toMatch(/remove\(\) has no return annotation.*response_model=/);
  });

  it('accepts response_model= instead of a return annotation', async () => {
    const dir = projectWith({
      'main.py': py(`
        from fastapi import FastAPI
        app = FastAPI()

        @app.put("/a", response_model=dict, status_code=201)
        def a(x: int):
            return {}
      `),
    });
    expect((await lint(dir, ['main.py'], { noSyntax: true })).findings).toEqual([]);
  });

  it('a websocket route needs no return annotation but its parameters do', async () => {
    const dir = projectWith({
      'main.py': py(`
        from fastapi import FastAPI, WebSocket
        app = FastAPI()

        @app.websocket("/ws")
        async def ok(websocket: WebSocket):
            pass

        @app.websocket("/ws2")
        async def bad(websocket):
            pass
      `),
    });
    const result = await lint(dir, ['main.py'], { noSyntax: true });
    expect(byRule(result, 'endpoints/missing-return-annotation')).toEqual([]);
    const [param] = byRule(result, 'endpoints/missing-parameter-annotation');
    expect(param).toMatchObject({ line: 9, column: 15 });
    expect(param.message).toContain('`websocket: WebSocket`');
  });

  it('finds APIRouter routes in a routers/ module of a folder', async () => {
    const dir = projectWith({
      'api/__init__.py': '',
      'api/main.py': 'from fastapi import FastAPI\nfrom api.routers import items\napp = FastAPI()\napp.include_router(items.router)\n',
      'api/routers/__init__.py': '',
      'api/routers/items.py': py(`
        from fastapi import APIRouter as Router, Depends
        from fastapi import APIRouter

        router = APIRouter(prefix="/items", tags=["items"])

        def dep() -> int:
            return 1

        @router.get("/")
        def list_items(limit: int = 10, d: int = Depends(dep)) -> list:
            return []

        @router.api_route(path="/any", methods=["GET", "POST"])
        def anything(q=Depends(dep)) -> dict:
            return {}
      `),
    });
    const result = await lint(dir, ['api'], { noSyntax: true });
    const file = path.join('api', 'routers', 'items.py');
    expect(result.metadata?.endpoints).toEqual([
      { methods: ['GET'], path: '/', function: 'list_items', file, line: 10, column: 5 },
      { methods: ['GET', 'POST'], path: '/any', function: 'anything', file, line: 14, column: 5 },
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'endpoints/missing-parameter-annotation', file, line: 14, column: 14 }),
    ]);
    expect(result.findings[0].message).toContain('`q: SomeType = Depends(dep)`');
  });

  it('exempts self/cls, *args and **kwargs, and ignores decorators of other objects', async () => {
    const dir = projectWith({
      'main.py': py(`
        from fastapi import FastAPI
        import functools
        app = FastAPI()
        cache = {}

        @app.get("/a")
        def a(self, *args, **kwargs) -> dict:
            return {}

        @cache.get("/not-a-route")
        def b(x):
            return x

        @functools.lru_cache
        def c(y):
            return y
      `),
    });
    const result = await lint(dir, ['main.py'], { noSyntax: true });
    expect(result.findings).toEqual([]);
    expect((result.metadata?.endpoints as unknown[]).length).toBe(1);
  });

  it('finds routes of an app created in a factory function', async () => {
    const dir = projectWith({
      'main.py': py(`
        from fastapi import FastAPI

        def create_app() -> FastAPI:
            app = FastAPI()

            @app.get("/ping")
            def ping():
                return "pong"

            return app
      `),
    });
    const result = await lint(dir, ['main.py'], { noSyntax: true });
    expect(byRule(result, 'endpoints/missing-return-annotation')).toEqual([expect.objectContaining({ line: 7, column: 9 })]);
  });

  it('warns when no endpoint is found, and skips venvs, caches and node_modules in folders', async () => {
    const bad = 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/")\ndef f(x): pass\n';
    const dir = projectWith({
      'src/util.py': 'def helper(x):\n    return x\n',
      'src/.venv/lib/x.py': bad,
      'src/venv2/pyvenv.cfg': 'home = /usr/bin\n',
      'src/venv2/lib/x.py': bad,
      'src/__pycache__/x.py': bad,
      'src/node_modules/x.py': bad,
    });
    const result = await lint(dir, ['src'], { noSyntax: true });
    expect(result.metadata?.filesChecked).toBe(1);
    expect(result.ok).toBe(true);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'endpoints/none-found', severity: 'warning', file: 'src' })]);
  });
});

describe('lint-endpoints: usage and paths', () => {
  it('reports a missing path as an error finding', async () => {
    const dir = projectWith({ 'main.py': GOOD_MAIN });
    const result = await lint(dir, ['main.py', 'nope/'], { noSyntax: true });
    expect(result.ok).toBe(false);
    expect(byRule(result, 'endpoints/not-found')).toEqual([expect.objectContaining({ severity: 'error', file: 'nope/' })]);
  });

  it('throws CheckUsageError for no paths or a bad healthTimeout', async () => {
    const dir = projectWith({ 'main.py': GOOD_MAIN });
    await expect(lint(dir, [])).rejects.toBeInstanceOf(CheckUsageError);
    await expect(lint(dir, ['main.py'], { healthTimeout: -1 })).rejects.toBeInstanceOf(CheckUsageError);
    await expect(lint(dir, ['main.py'], { healthTimeout: Number.NaN })).rejects.toBeInstanceOf(CheckUsageError);
  });

  it('health without an app module is an error; with syntax errors the probe is skipped (info)', async () => {
    const noApp = projectWith({ 'util.py': 'x = 1\n' });
    const result = await lint(noApp, ['util.py'], { health: true, noSyntax: true });
    expect(byRule(result, 'health/no-app')).toEqual([expect.objectContaining({ severity: 'error', file: 'util.py' })]);

    const broken = projectWith({ 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n', 'other.py': 'def f(:\n' });
    if (!FASTAPI_PYTHON) return;
    const skipped = await lint(broken, ['main.py', 'other.py'], { health: true, python: FASTAPI_PYTHON });
    expect(byRule(skipped, 'health/skipped')).toEqual([expect.objectContaining({ severity: 'info', file: 'main.py', line: 2, column: 1 })]);
    expect(skipped.metadata?.health).toEqual({ status: 'skipped', reason: 'the code has syntax errors' });
  });

  it('is registered and reachable through runCheck with defaults filled in', async () => {
    const dir = projectWith({ 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/")\ndef f(x) -> int: return 1\n' });
    const result = await runCheck('lint-endpoints', ['main.py'], { noSyntax: true }, { cwd: dir });
    expect(result.check).toBe('lint-endpoints');
    expect(result.findings.map((f) => [f.rule, f.line, f.column])).toEqual([['endpoints/missing-parameter-annotation', 4, 7]]);
  });
});

describe('lint-endpoints: encodings', () => {
  it('ignores a UTF-8 BOM for columns and compiles the file', async () => {
    const dir = projectWith({
      'main.py': '\ufefffrom fastapi import FastAPI\napp = FastAPI()\n@app.get("/")\ndef f(x) -> int: return 1\n',
    });
    const result = await lint(dir, ['main.py'], { python: 'python3' });
    expect(result.findings.map((f) => [f.rule, f.line, f.column])).toEqual([['endpoints/missing-parameter-annotation', 4, 7]]);
    const bad = projectWith({ 'bad.py': '\ufeffx = $\n' });
    expect(byRule(await lint(bad, ['bad.py'], { python: 'python3' }), 'python/syntax-error')).toEqual([
      expect.objectContaining({ line: 1, column: 5 }),
    ]);
  });

  it('honours a PEP 263 coding declaration and reports undecodable bytes at their position', async () => {
    const dir = projectWith({ 'latin.py': '# -*- coding: latin-1 -*-\nname = "caf\u00e9"\n' });
    // written as UTF-8 above; rewrite the é as a single latin-1 byte
    const fs = await import('node:fs');
    fs.writeFileSync(path.join(dir, 'latin.py'), Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\n', 'latin1'));
    fs.writeFileSync(path.join(dir, 'broken.py'), Buffer.concat([Buffer.from('x = 1\ny = "ab'), Buffer.from([0xff]), Buffer.from('"\n')]));
    const result = await lint(dir, ['latin.py', 'broken.py'], { python: 'python3' });
    expect(byRule(result, 'python/syntax-error')).toEqual([expect.objectContaining({ file: 'broken.py', line: 2, column: 8 })]);
  });
});
