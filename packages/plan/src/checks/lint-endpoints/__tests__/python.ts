import { describeTried, ModuleNeed, PYTHON_FIX, resolveInterpreterSync, workspaceRootOf } from '../interpreter';

/** This repository's root (it has nx.json): a .venv there counts, as it would for a plan in it. */
const REPO_ROOT = workspaceRootOf(__dirname);

/**
 * The Python that the checks themselves would pick on this machine for `needs` (the same
 * resolver: .venv in this repository, python3 on PATH, /usr/bin/python3), as an absolute path;
 * undefined, with a warning naming what was tried and how to fix it, when none fits. `cwd` is
 * where a plan would be (default: this repository).
 */
export function pythonFor(needs: ModuleNeed[], skipping: string, cwd = REPO_ROOT): string | undefined {
  const { interpreter, tried } = resolveInterpreterSync({ paths: [], cwd, needs });
  if (!interpreter) {
    const what = needs.map((n) => (Array.isArray(n) ? n.join(' or ') : n)).join(', ');
    // eslint-disable-next-line no-console
    console.warn(`${skipping} skipped: no Python here imports ${what}. Tried: ${describeTried(tried)}. Fix: ${PYTHON_FIX}.`);
  }
  return interpreter?.executable ?? interpreter?.command;
}
