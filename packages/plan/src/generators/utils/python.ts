import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Whether FastAPI and uvicorn are installed, found without importing them: importing both costs
 * ~0.3 s on every `nx g`, finding them a few ms. The health probe itself imports and runs them,
 * so a broken install is still reported, by the check.
 */
const HAS_SERVING_MODULES = 'import importlib.util as u, sys; sys.exit(0 if all(u.find_spec(m) for m in ("fastapi", "uvicorn")) else 1)';

/**
 * Which interpreter the plan's Python checks should name. lint-endpoints already prefers the
 * project's venv, then `python3`; only when neither has FastAPI and uvicorn (what the health
 * probe needs) but Debian's /usr/bin/python3 has, is that path worth writing down.
 */
export function servingPythonOverride(workspaceRoot: string): string | undefined {
  const venv = path.join(workspaceRoot, '.venv', 'bin', 'python');
  if (existsSync(venv)) return undefined;
  const canServe = (python: string) => spawnSync(python, ['-c', HAS_SERVING_MODULES], { stdio: 'ignore', timeout: 15000 }).status === 0;
  if (canServe('python3')) return undefined;
  return existsSync('/usr/bin/python3') && canServe('/usr/bin/python3') ? '/usr/bin/python3' : undefined;
}
