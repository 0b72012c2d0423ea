/**
 * The targets an nx run printed, and how: executed, or read from the cache. The plan's aggregates
 * (verify, phase-N) are left out: they run whenever their units do.
 */
export function tasksOf(output: string): { executed: string[]; cached: string[] } {
  const executed = new Set<string>();
  const cached = new Set<string>();
  for (const match of output.matchAll(/nx run ([\w/.-]+):([\w-]+)([^\n]*)/g)) {
    const id = `${match[1]}:${match[2]}`;
    if (/cache/.test(match[3])) cached.add(id);
    else executed.add(id);
  }
  for (const id of cached) executed.delete(id);
  const tasks = (ids: Set<string>) => [...ids].filter((id) => !/:(verify|phase-\d+)$/.test(id)).sort();
  return { executed: tasks(executed), cached: tasks(cached) };
}
