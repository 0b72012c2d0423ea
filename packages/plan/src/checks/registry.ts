import { CheckDefinition } from './contract';

/**
 * Check name → lazy loader. Built-in checks are listed in builtin.ts; more can be registered at
 * run time. Loading is lazy so that `plan files-exist` never pays for PGlite or tree-sitter.
 */
type Loader = () => CheckDefinition<any> | Promise<CheckDefinition<any>>;

const loaders = new Map<string, Loader>();
const loaded = new Map<string, CheckDefinition<any>>();

export function registerCheck(name: string, load: Loader | CheckDefinition<any>): void {
  loaded.delete(name);
  loaders.set(name, typeof load === 'function' ? load : () => load);
}

export function hasCheck(name: string): boolean {
  return loaders.has(name);
}

export function checkNames(): string[] {
  return [...loaders.keys()].sort();
}

export async function getCheck(name: string): Promise<CheckDefinition<any>> {
  const cached = loaded.get(name);
  if (cached) return cached;
  const load = loaders.get(name);
  if (!load) {
    throw new Error(`Unknown check "${name}". Known checks: ${checkNames().join(', ')}.`);
  }
  const definition = await load();
  loaded.set(name, definition);
  return definition;
}

/** Disposes every check loaded so far (the CLI and the executor call it before they exit). */
export async function disposeLoadedChecks(): Promise<void> {
  await Promise.all([...loaded.values()].map((definition) => definition.dispose?.().catch(() => undefined)));
}
