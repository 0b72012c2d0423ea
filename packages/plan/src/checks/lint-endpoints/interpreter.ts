import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { confinedEnv, ConfinedRun, runConfined } from '../process/confined';

/**
 * Which Python runs the helpers, found the way a Python user expects: the check's `python`
 * option; else a venv (.venv/ or venv/) between the checked files and the workspace root (never
 * above it); else `python3` on PATH; else the system interpreter. A candidate that cannot start,
 * is not Python 3 or lacks a module the check needs is rejected with its reason, and the next
 * one is tried. An explicit `python` option is never silently replaced by another interpreter.
 */
export type InterpreterSource = 'option' | 'venv' | 'path' | 'system';

export interface Interpreter {
  command: string;
  source: InterpreterSource;
  /** From the probe: `sys.executable` and the version, when known. */
  executable?: string;
  version?: string;
}

export interface RejectedInterpreter {
  command: string;
  source: InterpreterSource;
  reason: string;
}

export interface Resolution {
  /** The first candidate that fits, if any. */
  interpreter?: Interpreter;
  /** The candidates rejected before it (all of them when none fits), with why. */
  tried: RejectedInterpreter[];
}

/** A module name, or alternatives of which one is enough (e.g. either runner of the probe). */
export type ModuleNeed = string | string[];

/** The health probe: FastAPI, and Starlette's TestClient (httpx) or uvicorn to serve it. */
export const HEALTH_MODULES: ModuleNeed[] = ['fastapi', ['httpx', 'uvicorn']];

/** How to get a fitting interpreter, for messages. */
export const PYTHON_FIX =
  'on Debian `apt-get install python3-fastapi python3-uvicorn python3-httpx`, or a venv beside the plan: `python3 -m venv .venv && .venv/bin/pip install fastapi uvicorn httpx`';

export interface ResolveRequest {
  option?: string;
  /** The checked paths, absolute. */
  paths: string[];
  /** The plan folder (or the CLI's working directory); relative paths resolve against it. */
  cwd: string;
  needs?: ModuleNeed[];
  /** The last resort; Debian's /usr/bin/python3 unless given (tests, other layouts). */
  systemPython?: string;
}

const VENV_PYTHONS = ['.venv/bin/python', 'venv/bin/python', '.venv/Scripts/python.exe', 'venv/Scripts/python.exe'];
const SYSTEM_PYTHON = '/usr/bin/python3';

/** The nearest folder at or above `cwd` with nx.json; without one, `cwd` itself. */
export function workspaceRootOf(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `name` as the shell would find it on PATH, or undefined. */
function onPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  return undefined;
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Every candidate in order, without running any; options that cannot be used are rejected here. */
export function interpreterCandidates(request: ResolveRequest): { candidates: Interpreter[]; rejected: RejectedInterpreter[] } {
  const root = workspaceRootOf(request.cwd);
  const option = request.option;
  if (option) {
    if (!/[\\/]/.test(option)) return { candidates: [{ command: option, source: 'option' }], rejected: [] };
    if (path.isAbsolute(option)) return { candidates: [{ command: option, source: 'option' }], rejected: [] };
    const command = path.resolve(request.cwd, option);
    if (!isInside(root, command)) {
      return {
        candidates: [],
        rejected: [
          {
            command,
            source: 'option',
            reason: `a relative path outside the workspace root ${root}; give a path inside it (e.g. .venv/bin/python)`,
          },
        ],
      };
    }
    return { candidates: [{ command, source: 'option' }], rejected: [] };
  }
  const candidates: Interpreter[] = [];
  const seen = new Set<string>();
  const walkUp = (start: string) => {
    if (!isInside(root, start)) return; // a checked file outside the workspace: never look above the root
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (!seen.has(dir)) {
        seen.add(dir);
        for (const venv of VENV_PYTHONS) {
          const python = path.join(dir, venv);
          if (existsSync(python)) candidates.push({ command: python, source: 'venv' });
        }
      }
      if (dir === root) return;
    }
  };
  for (const checked of request.paths) {
    walkUp(statSync(checked, { throwIfNoEntry: false })?.isDirectory() ? checked : path.dirname(checked));
  }
  walkUp(path.resolve(request.cwd));
  const rejected: RejectedInterpreter[] = [];
  const python3 = onPath('python3');
  if (python3) candidates.push({ command: 'python3', source: 'path' });
  else rejected.push({ command: 'python3', source: 'path', reason: 'not on PATH' });
  const system = request.systemPython ?? SYSTEM_PYTHON;
  if (existsSync(system)) {
    if (!python3 || !sameFile(python3, system)) candidates.push({ command: system, source: 'system' });
  } else if (process.platform !== 'win32') rejected.push({ command: system, source: 'system', reason: 'does not exist' });
  return { candidates, rejected };
}

/**
 * Finds each module on the interpreter's path (importlib.util.find_spec) and reports which are
 * missing; the version and executable say which Python it was. Finding, not importing: importing
 * FastAPI and httpx costs ~0.5 s of CPU per probe (measured on Debian's Python 3.11), finding them
 * ~0.02 s. A module that is there but fails to import is reported by the check that imports it.
 */
const PROBE = [
  'import importlib.util, json, sys',
  'failed = {}',
  'for name in json.loads(sys.argv[1]):',
  '    try:',
  '        if importlib.util.find_spec(name) is None:',
  '            failed[name] = "ModuleNotFoundError: No module named %r" % name',
  '    except BaseException as exc:',
  '        failed[name] = "%s: %s" % (type(exc).__name__, exc)',
  'print("@@plan-probe@@" + json.dumps({"major": sys.version_info[0], "version": sys.version.split()[0], "executable": sys.executable, "failed": failed}))',
].join('\n');
const PROBE_MARK = '@@plan-probe@@';
const PROBE_TIMEOUT_MS = 60_000;

interface Probe {
  /** Why the interpreter cannot be used at all. */
  unusable?: string;
  version?: string;
  executable?: string;
  /** Module → the import error. */
  failed: Record<string, string>;
}

/** Python variables the checks set for every run; nothing else of ours reaches the process. */
const PYTHON_ENV = { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };

export function pythonEnv(): Record<string, string> {
  return confinedEnv({ set: PYTHON_ENV });
}

/** The filesystem root: no project files on sys.path ('' of `-c`) that could shadow a module. */
const NEUTRAL_CWD = path.parse(process.cwd()).root;

function probeArgs(modules: string[]): string[] {
  return ['-c', PROBE, JSON.stringify(modules)];
}

function readProbe(run: {
  spawnError?: string;
  timedOut: boolean;
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}): Probe {
  if (run.spawnError) return { unusable: `cannot start: ${run.spawnError}`, failed: {} };
  if (run.timedOut) return { unusable: `did not answer within ${PROBE_TIMEOUT_MS / 1000}s`, failed: {} };
  const line = run.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(PROBE_MARK));
  if (!line) {
    const last = run.stderr.trim().split('\n').pop()?.slice(0, 200);
    return { unusable: `exited with ${run.signal ?? `code ${run.code}`}${last ? ` (${last})` : ''}: not a working Python 3`, failed: {} };
  }
  const parsed = JSON.parse(line.slice(PROBE_MARK.length)) as {
    major: number;
    version: string;
    executable: string;
    failed: Record<string, string>;
  };
  if (parsed.major !== 3) return { unusable: `is Python ${parsed.version}, not Python 3`, version: parsed.version, failed: {} };
  return { version: parsed.version, executable: parsed.executable, failed: parsed.failed };
}

/** Probes are cached per process: an interpreter's modules do not change while a run lasts. */
const probes = new Map<string, Probe | Promise<Probe>>();
const probeKey = (command: string, modules: string[]) => `${command}\0${process.env.PATH ?? ''}\0${modules.join(',')}`;

function probe(command: string, modules: string[]): Promise<Probe> {
  const key = probeKey(command, modules);
  const cached = probes.get(key);
  if (cached) return Promise.resolve(cached);
  const pending = runConfined({ command, args: probeArgs(modules), cwd: NEUTRAL_CWD, env: pythonEnv(), timeoutMs: PROBE_TIMEOUT_MS }).then(
    (run) => {
      const result = readProbe(run);
      probes.set(key, result);
      return result;
    },
  );
  probes.set(key, pending);
  return pending;
}

function probeSync(command: string, modules: string[]): Probe {
  const key = probeKey(command, modules);
  const cached = probes.get(key);
  if (cached && !(cached instanceof Promise)) return cached;
  const run = spawnSync(command, probeArgs(modules), { cwd: NEUTRAL_CWD, env: pythonEnv(), encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
  const result = readProbe({
    spawnError: run.error && (run.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT' ? run.error.message : undefined,
    timedOut: (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
    code: run.status,
    signal: run.signal,
    stdout: run.stdout ?? '',
    stderr: run.stderr ?? '',
  });
  probes.set(key, result);
  return result;
}

/**
 * Every probe asks for the health modules too, whatever its check needs: one probe per interpreter
 * and run then serves every check (a pyenv shim's probe cost ~0.5 s of bash; a batch's two
 * lint-endpoints checks, one with the health probe and one without, probed it twice at once).
 */
const modulesOf = (needs: ModuleNeed[]) => [...new Set([...HEALTH_MODULES.flat(), ...needs.flat()])].sort();

/** Why the probed interpreter does not fit, or undefined when it does. */
function rejection(probed: Probe, needs: ModuleNeed[]): string | undefined {
  if (probed.unusable) return probed.unusable;
  const missing = needs.filter((need) => (Array.isArray(need) ? need : [need]).every((m) => m in probed.failed));
  if (missing.length === 0) return undefined;
  const names = missing.map((need) => (Array.isArray(need) ? need.join(' or ') : need)).join(', ');
  const first = (Array.isArray(missing[0]) ? missing[0][0] : missing[0]) as string;
  return `Python ${probed.version} at ${probed.executable} cannot import ${names} (${probed.failed[first].slice(0, 160)})`;
}

function decide(candidate: Interpreter, probed: Probe, needs: ModuleNeed[], tried: RejectedInterpreter[]): Resolution | undefined {
  const reason = rejection(probed, needs);
  if (!reason) return { interpreter: { ...candidate, version: probed.version, executable: probed.executable }, tried };
  tried.push({ command: candidate.command, source: candidate.source, reason });
  return undefined;
}

export async function resolveInterpreter(request: ResolveRequest): Promise<Resolution> {
  const needs = request.needs ?? [];
  const { candidates, rejected } = interpreterCandidates(request);
  const tried = [...rejected];
  for (const candidate of candidates) {
    const found = decide(candidate, await probe(candidate.command, modulesOf(needs)), needs, tried);
    if (found) return found;
  }
  return { tried };
}

/** The same resolution, synchronously (for test files deciding at load time what they can run). */
export function resolveInterpreterSync(request: ResolveRequest): Resolution {
  const needs = request.needs ?? [];
  const { candidates, rejected } = interpreterCandidates(request);
  const tried = [...rejected];
  for (const candidate of candidates) {
    const found = decide(candidate, probeSync(candidate.command, modulesOf(needs)), needs, tried);
    if (found) return found;
  }
  return { tried };
}

/** "a (why); b (why)" for messages. */
export function describeTried(tried: RejectedInterpreter[]): string {
  return tried.map((t) => `${t.command} [${t.source}]: ${t.reason}`).join('; ');
}

export type PythonRun = ConfinedRun;

export interface PythonRunOptions {
  args: string[];
  stdin: string;
  cwd: string;
  timeoutMs: number;
}

/**
 * Runs the interpreter confined: minimal environment, own process group, killed with its children.
 * It runs the executable the probe reported, the interpreter that was found to fit: a `python3` on
 * PATH may be a launcher (pyenv's shim is a bash script costing ~0.15 s of CPU per start).
 */
export function runPython(interpreter: Interpreter, options: PythonRunOptions): Promise<PythonRun> {
  return runConfined({
    command: interpreter.executable || interpreter.command,
    args: options.args,
    cwd: options.cwd,
    env: pythonEnv(),
    stdin: options.stdin,
    timeoutMs: options.timeoutMs,
  });
}
