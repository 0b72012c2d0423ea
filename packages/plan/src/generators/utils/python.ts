import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Which interpreter the plan's Python checks should name. lint-endpoints already prefers the
 * project's venv, then `python3`; only when neither can import FastAPI and uvicorn (what the
 * health probe needs) but Debian's /usr/bin/python3 can, is that path worth writing down.
 */
export function servingPythonOverride(workspaceRoot: string): string | undefined {
  const venv = path.join(workspaceRoot, '.venv', 'bin', 'python');
  if (existsSync(venv)) return undefined;
  const canServe = (python: string) =>
    spawnSync(python, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore', timeout: 15000 }).status === 0;
  if (canServe('python3')) return undefined;
  return existsSync('/usr/bin/python3') && canServe('/usr/bin/python3') ? '/usr/bin/python3' : undefined;
}
