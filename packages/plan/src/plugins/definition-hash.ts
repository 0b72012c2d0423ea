import { createHash } from 'node:crypto';
import { Item, Task } from '../model/plan-schema';

/**
 * A digest of everything in plan.yaml that defines how a task is verified (its files, extra
 * inputs, checks and their `with`, its items with theirs), chained with the digests of the tasks it depends on. The plugin
 * hands it to Nx as a runtime input of the task's target.
 *
 * Why not in the target's options: Nx 24 hashes the options of *every* target of a project into
 * each task's hash (its ProjectConfiguration entry), so one edited task would re-run the whole
 * plan. Inputs are hashed per task, and a runtime input is the only kind that carries a value the
 * plugin computed (measured: env and fileset inputs hash no name, only content).
 */
export function definitionHashes(tasks: readonly Task[], deps: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const hashes = new Map<string, string>();
  const hashOf = (key: string): string => {
    const known = hashes.get(key);
    if (known !== undefined) return known;
    // Iterative post-order: a 2,000-task chain must not overflow the stack.
    const stack: string[] = [key];
    while (stack.length > 0) {
      const current = stack[stack.length - 1];
      const pending = (deps.get(current) ?? []).filter((d) => !hashes.has(d) && byKey.has(d));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      if (hashes.has(current)) continue;
      const task = byKey.get(current)!;
      const definition = {
        key: task.key,
        files: task.files,
        inputs: task.inputs ?? [],
        checks: task.checks,
        // Items prove a stream (issue 10): their checks, files and inputs define its verification, and
        // their ids and texts name what is recorded and attested. Absent when there are none, so
        // plans without items keep their hashes.
        ...(task.items.length
          ? {
              items: task.items.map((i) => ({
                id: i.id,
                text: i.text,
                checks: i.checks,
                files: i.files,
                inputs: i.inputs ?? [],
                unprovable: i.unprovable,
              })),
            }
          : {}),
        dependencies: [...(deps.get(current) ?? [])].sort().map((d) => [d, hashes.get(d) ?? 'unknown']),
      };
      hashes.set(current, createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 40));
    }
    return hashes.get(key)!;
  };
  for (const task of tasks) hashOf(task.key);
  return hashes;
}

/**
 * The definition of an item that is its own target: the item (id, text, checks, files, inputs) and
 * what its checks fall back on, its unit's key and files. Not chained with the units upstream: they
 * order its run, but nothing of theirs enters its verification.
 */
export function itemDefinitionHash(unit: Task, item: Item): string {
  const definition = {
    unit: unit.key,
    unitFiles: unit.files,
    item: { id: item.id, text: item.text, checks: item.checks, files: item.files, inputs: item.inputs ?? [] },
  };
  return createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 40);
}

/** JSON with object keys sorted, so that reordering keys in plan.yaml changes nothing. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
