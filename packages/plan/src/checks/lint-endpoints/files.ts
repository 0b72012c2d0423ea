import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A Python file to check: where it is, and how findings name it (the path as given). */
export interface PythonFile {
  absolute: string;
  display: string;
}

export interface CollectedFiles {
  files: PythonFile[];
  /** Given paths that do not exist. */
  missing: string[];
}

/** Folders never searched: caches, dependencies, and virtual environments (any folder with pyvenv.cfg). */
const SKIPPED_FOLDERS = new Set(['__pycache__', 'node_modules', 'site-packages', 'venv', 'env', '.venv', '.tox', '.nox', '.git']);

async function isVirtualEnv(folder: string): Promise<boolean> {
  return fs.stat(path.join(folder, 'pyvenv.cfg')).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function walk(folder: string, relative: string, out: string[]): Promise<void> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(folder, entry.name);
    const inside = relative ? path.join(relative, entry.name) : entry.name;
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name) || entry.name.startsWith('.') || (await isVirtualEnv(absolute))) continue;
      await walk(absolute, inside, out);
    } else if (entry.isFile() && entry.name.endsWith('.py')) {
      out.push(inside);
    }
  }
}

/**
 * Files are taken as given (whatever their extension); folders contribute every `.py` below them.
 * Each file appears once even when several given paths cover it.
 */
export async function collectPythonFiles(paths: string[], cwd: string): Promise<CollectedFiles> {
  const files: PythonFile[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (absolute: string, display: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ absolute, display });
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) missing.push(given);
    else if (stat.isDirectory()) {
      const inside: string[] = [];
      await walk(absolute, '', inside);
      for (const relative of inside) add(path.join(absolute, relative), path.join(given, relative));
    } else add(absolute, given);
  }
  return { files, missing };
}

/** How findings name an absolute path: a checked file's display name, else relative to a given folder. */
export function displayNameOf(absolute: string, files: PythonFile[], paths: string[], cwd: string): string {
  const known = files.find((f) => f.absolute === absolute);
  if (known) return known.display;
  for (const given of paths) {
    const base = path.resolve(cwd, given);
    const relative = path.relative(base, absolute);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return path.join(given, relative);
  }
  return absolute;
}
