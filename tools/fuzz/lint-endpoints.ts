/**
 * Fuzzes the lint-endpoints check through its real run():
 *   node -r @swc-node/register tools/fuzz/lint-endpoints.ts [--iterations N] [--seed S] [--batch B] [--python P]
 * Mutates valid FastAPI modules (bytes, lines, tokens, unicode, and route-aware edits). Every input
 * goes through the tree-sitter layer alone (one run() per file, noSyntax), then all inputs go through
 * the full check in batches of B files per run(), i.e. one CPython process per batch. Counts uncaught
 * exceptions and malformed findings (both must be 0), prints per-file costs, exits 1 on any failure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckResult } from '../../packages/plan/src/checks/contract';
import { describeTried, HEALTH_MODULES, resolveInterpreterSync } from '../../packages/plan/src/checks/lint-endpoints/interpreter';
import { check } from '../../packages/plan/src/checks/lint-endpoints/lint-endpoints';
import { prng } from './lib';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const ITERATIONS = Number(argument('iterations', '10000'));
const SEED = Number(argument('seed', '1'));
const BATCH = Number(argument('batch', '500'));
/** --python as given; without it, the interpreter the check's own resolver picks (see interpreter.ts). */
const PYTHON_OPTION = process.argv.includes('--python') ? argument('python', '') : undefined;

const random = prng(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

const SEEDS = [
  `from typing import Annotated, Optional
from fastapi import Depends, FastAPI, HTTPException, Query, WebSocket
from pydantic import BaseModel

app = FastAPI(title="demo")


class Item(BaseModel):
    name: str
    price: float = 0.0


def get_db() -> dict:
    return {}


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/items/{item_id}", response_model=Item)
async def read_item(item_id: int, q: Annotated[Optional[str], Query(max_length=50)] = None, db: dict = Depends(get_db)):
    if item_id not in db:
        raise HTTPException(status_code=404, detail="not found")
    return db[item_id]


@app.post("/items", status_code=201)
async def create_item(item: Item, db: dict = Depends(get_db)) -> Item:
    db[item.name] = item
    return item


@app.websocket("/ws")
async def ws(websocket: WebSocket):
    await websocket.accept()
    await websocket.send_text(f"hello {websocket.client!r}")
`,
  `from fastapi import APIRouter, Depends
from .deps import current_user

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/")
def list_users(limit: int = 10, offset: int = 0, user: dict = Depends(current_user)) -> list[dict]:
    return [{"id": i, "name": "é😀"} for i in range(offset, offset + limit)]


@router.api_route("/{user_id}", methods=["GET", "HEAD"])
async def get_user(user_id: int, *, verbose: bool = False) -> dict:
    match user_id:
        case 0:
            return {}
        case _:
            return {"id": user_id, "verbose": verbose}


@router.delete("/{user_id}", response_model=None)
def delete_user(user_id: int, /, **kwargs):
    del kwargs
    return None
`,
  `import fastapi
from fastapi import FastAPI as Api


def create_app() -> Api:
    application = Api()

    @application.get("/ping")
    def ping() -> str:
        return "pong"

    @application.patch("/x/{x}")
    async def patch(x: int, body: dict) -> dict:
        async with lock:
            return {**body, "x": x}

    return application


app = fastapi.FastAPI()
lock = None


class Service:
    @staticmethod
    def helper(value, *args, **kwargs):
        return lambda y: (value, y, args, kwargs)


@app.options("/opts")
def opts(self, cls) -> None:
    """Docstring with a \\\\ backslash and a 'quote'."""
    x = [i ** 2 for i in range(10) if i % 2]
    y = {k: v for k, v in zip("ab", "cd")}
    return None
`,
];

const TOKENS = [
  'def ',
  'async ',
  'await ',
  'class ',
  'lambda ',
  ':',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '*',
  '**',
  '->',
  '=',
  '@',
  '.',
  '\\',
  '"',
  "'",
  '"""',
  '#',
  '\n',
  '\t',
  '    ',
  '\r',
  '\r\n',
  'é',
  '😀',
  '\u200b',
  '\ufeff',
  '\u0000',
  '\u2028',
  'print "x"',
  'yield',
  '@app.get("/z")\n',
  '@router.post("/y", response_model=dict)\n',
  'app = FastAPI()\n',
  'router = APIRouter()\n',
  'Depends(dep)',
  ': int',
  '-> dict',
  'Annotated[int, Query()]',
  'f"{x!r:>{w}}"',
  'b"\\xff"',
  '0x',
  '1e',
  '...',
  'global x',
  'nonlocal y',
  'return',
];

type Mutation = (text: string) => string;

const lines = (text: string) => text.split('\n');
const MUTATIONS: Mutation[] = [
  // Byte-level: flip one UTF-16 unit (may produce lone surrogates and control characters).
  (t) => {
    if (!t) return t;
    const i = int(t.length);
    return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << int(16))) + t.slice(i + 1);
  },
  (t) => t.slice(0, int(t.length + 1)),
  (t) => {
    const l = lines(t);
    const i = int(l.length);
    l.splice(i, 0, l[i] ?? '');
    return l.join('\n');
  },
  (t) => {
    const l = lines(t);
    l.splice(int(l.length), 1);
    return l.join('\n');
  },
  (t) => {
    const i = int(t.length + 1);
    return t.slice(0, i) + pick(TOKENS) + t.slice(i);
  },
  (t) => {
    const l = lines(t);
    const i = int(l.length);
    l[i] = pick(['', ' ', '  ', '\t', '        ']) + (l[i] ?? '').trimStart();
    return l.join('\n');
  },
  (t) => {
    const l = lines(t);
    const a = int(l.length);
    const b = int(l.length);
    [l[a], l[b]] = [l[b], l[a]];
    return l.join('\n');
  },
  // Route-aware: drop annotations or response_model=, add a route with random parameters.
  (t) => t.replace(/: [A-Za-z_][\w\[\], .()=]*(?=[,)])/, ''),
  (t) => t.replace(/ -> [^:]+:/, ':'),
  (t) => t.replace(/, response_model=[^)]+/, ''),
  (t) => {
    const params = Array.from({ length: int(5) }, () =>
      pick(['a', 'b: int', 'c=1', 'd: str = ""', '*args', '**kw', '*', '/', 'self', 'e: Annotated[int, Depends(f)]', 'g=Depends(h)']),
    );
    const decorator = pick(['@app.get', '@app.post', '@router.put', '@app.websocket', '@app.api_route', '@other.get']);
    return `${t}\n\n${decorator}("/r${int(100)}"${random() < 0.3 ? ', response_model=dict' : ''})\n${pick(['', 'async '])}def r${int(100)}(${params.join(', ')})${random() < 0.5 ? ' -> dict' : ''}:\n    return {}\n`;
  },
  (t) => {
    const depth = 1 + int(300);
    return `${t}\nx = ${'('.repeat(depth)}1${')'.repeat(random() < 0.8 ? depth : int(depth))}\n`;
  },
  (t) => {
    const other = pick(SEEDS);
    return t.slice(0, int(t.length + 1)) + other.slice(int(other.length + 1));
  },
];

function mutate(seed: string): string {
  let text = seed;
  const count = 1 + int(4);
  for (let i = 0; i < count; i++) text = pick(MUTATIONS)(text);
  return text;
}

/** A finding must name a file and carry sane 1-based positions. */
function malformed(result: CheckResult): string | undefined {
  if (typeof result.ok !== 'boolean' || !Array.isArray(result.findings)) return 'result shape';
  for (const f of result.findings) {
    if (!f.rule || !f.message || !f.file) return `finding without rule/message/file: ${JSON.stringify(f)}`;
    for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
      const value = f[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) return `bad ${key}: ${JSON.stringify(f)}`;
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'fuzz-lint-endpoints-'));
  // Resolved once, by the check's own resolver, so every batch runs the same interpreter.
  const resolved = resolveInterpreterSync({ option: PYTHON_OPTION, paths: [work], cwd: work });
  if (!resolved.interpreter) throw new Error(`no usable Python interpreter: ${describeTried(resolved.tried)}`);
  const PYTHON = resolved.interpreter.command;
  let exceptions = 0;
  let malformedResults = 0;
  const report = (what: string, detail: unknown) => {
    if (exceptions + malformedResults <= 5) console.error(`${what}:`, detail);
  };

  // Generate and write every input; batch folders double as the compile layer's input.
  const files: string[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const relative = path.join(`batch${Math.floor(i / BATCH)}`, `m${i}.py`);
    mkdirSync(path.join(work, path.dirname(relative)), { recursive: true });
    writeFileSync(path.join(work, relative), mutate(pick(SEEDS)));
    files.push(relative);
  }

  // Layer 1: tree-sitter only, one run() per file.
  const coldStart = Date.now();
  await check.run([files[0]], { noSyntax: true }, { cwd: work });
  const coldMs = Date.now() - coldStart;
  const treeStart = Date.now();
  let annotationErrors = 0;
  for (const file of files) {
    try {
      const result = await check.run([file], { noSyntax: true }, { cwd: work });
      const bad = malformed(result);
      if (bad) {
        malformedResults++;
        report(`malformed result for ${file}`, bad);
      }
      if (!result.ok) annotationErrors++;
    } catch (error) {
      exceptions++;
      report(`exception (tree-sitter layer) on ${file}`, error);
    }
  }
  const treeMs = (Date.now() - treeStart) / files.length;

  // Layer 2: the full check per batch folder (one CPython process per batch).
  const batches = [...new Set(files.map((f) => path.dirname(f)))];
  const withErrors = new Set<string>();
  let syntaxErrors = 0;
  const batchStart = Date.now();
  for (const batch of batches) {
    try {
      const result = await check.run([batch], { python: PYTHON }, { cwd: work });
      const bad = malformed(result);
      if (bad) {
        malformedResults++;
        report(`malformed result for ${batch}`, bad);
      }
      if (result.findings.some((f) => f.rule === 'python/interpreter-not-found')) throw new Error(`interpreter ${PYTHON} unusable`);
      for (const f of result.findings) {
        if (f.severity === 'error') withErrors.add(f.file);
        if (f.rule === 'python/syntax-error') syntaxErrors++;
      }
    } catch (error) {
      exceptions++;
      report(`exception (full check) on ${batch}`, error);
    }
  }
  const batchMs = (Date.now() - batchStart) / files.length;

  // Health start-up cost, when an interpreter with FastAPI is around (Debian's python3-fastapi).
  // The interpreter the check would resolve for the app (--python when given), so the same one is probed.
  const health = resolveInterpreterSync({ option: PYTHON_OPTION, paths: [path.join(work, 'healthapp')], cwd: work, needs: HEALTH_MODULES });
  let healthLine = `health: skipped (no interpreter with FastAPI: ${describeTried(health.tried)})`;
  if (health.interpreter) {
    const appDir = path.join(work, 'healthapp');
    mkdirSync(appDir);
    writeFileSync(path.join(appDir, 'main.py'), SEEDS[0]);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      const result = await check.run(['healthapp'], { health: true, noSyntax: true, python: health.interpreter.command }, { cwd: work });
      times.push(Date.now() - t);
      if (!result.ok) console.error('health run failed:', result.findings);
    }
    healthLine = `health: ${times.join(' / ')} ms per run (start Python, import FastAPI app, GET /health, stop)`;
  }

  rmSync(work, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `costs: tree-sitter cold ${coldMs} ms (engine init + first file), warm ${treeMs.toFixed(2)} ms/file (run() incl. file read); ` +
      `full check in batches of ${BATCH}: ${batchMs.toFixed(2)} ms/file → compile layer ≈ ${(batchMs - treeMs).toFixed(2)} ms/file (${PYTHON})`,
  );
  console.log(healthLine);
  console.log(
    `layers: ${annotationErrors} inputs with annotation errors, ${syntaxErrors} CPython syntax errors, ${batches.length} Python processes`,
  );
  console.log(
    `fuzz lint-endpoints: ${files.length} inputs, ${exceptions} uncaught exceptions, ${withErrors.size} with error findings, ${seconds} s` +
      (malformedResults ? `, ${malformedResults} malformed results` : ''),
  );
  process.exit(exceptions + malformedResults > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
