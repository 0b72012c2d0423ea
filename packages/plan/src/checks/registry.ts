import type { z } from 'zod';
import { CheckDefinition } from './contract';
import type { RuleCatalogue } from './rule-catalogue';

/**
 * Check name → lazy loader and options schema. Built-in checks are listed in builtin.ts; more can
 * be registered at run time. Loading is lazy so that `plan files-exist` never pays for PGlite or
 * tree-sitter; the options schema is a plain zod object, so plans are validated without loading
 * any engine.
 */
type Loader = () => CheckDefinition<any> | Promise<CheckDefinition<any>>;

/** A strict zod object of a check's options (not `paths`, which every check takes). */
export type CheckOptionsSchema = z.ZodObject<z.ZodRawShape>;

const loaders = new Map<string, Loader>();
const schemas = new Map<string, CheckOptionsSchema>();
const loaded = new Map<string, CheckDefinition<any>>();
const readsOnly = new Set<string>();

/** Registers a check; without an options schema only the option names its definition declares are checked, at run time. */
export function registerCheck(name: string, load: Loader | CheckDefinition<any>, options?: CheckOptionsSchema): void {
  loaded.delete(name);
  readsOnly.delete(name);
  loaders.set(name, typeof load === 'function' ? load : () => load);
  if (options) schemas.set(name, options);
  else schemas.delete(name);
}

/**
 * Marks checks that only read the plan's files (temporary folders and their own engine caches
 * aside): nothing they do changes what another check reads, so the batch may run them before the
 * units they follow end (executors/verify/batch.ts).
 */
export function markReadsOnly(names: readonly string[]): void {
  for (const name of names) if (loaders.has(name)) readsOnly.add(name);
}

export function isReadsOnly(name: string): boolean {
  return readsOnly.has(name);
}

export function hasCheck(name: string): boolean {
  return loaders.has(name);
}

export function checkNames(): string[] {
  return [...loaders.keys()].sort();
}

export function optionsSchemaOf(name: string): CheckOptionsSchema | undefined {
  return schemas.get(name);
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

/**
 * The rule catalogues of the named checks (for SARIF rule help), loading each check once; a name no
 * longer registered, or a check that fails to load, simply has none.
 */
export async function cataloguesOf(names: Iterable<string>): Promise<(check: string) => RuleCatalogue | undefined> {
  const found = new Map<string, RuleCatalogue>();
  for (const name of new Set(names)) {
    if (!loaders.has(name)) continue;
    const rules = await getCheck(name).then(
      (definition) => definition.rules,
      () => undefined,
    );
    if (rules) found.set(name, rules);
  }
  return (check) => found.get(check);
}
