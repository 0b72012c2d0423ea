/**
 * Target names the plugin (and the generators) put beside a plan's task targets. A task keyed
 * like one of them would be silently replaced by that target in Nx, so such keys are refused.
 * This is the one place the rule lives: the loader reports it (plan validate, plan verify, the
 * plugin), and the plugin names its own targets from here.
 */
export const RESERVED_TARGET_NAMES: readonly string[] = ['verify', 'success', 'train'];
export const RESERVED_TARGET_PREFIXES: readonly string[] = ['phase-', 'integration-'];

/** Name of the aggregate target of a phase (`phase-1`, `phase-2a`). */
export function phaseTargetName(phaseId: string, index: number): string {
  return `phase-${slug(phaseId) || index + 1}`;
}

/** Why `key` cannot name a task (it is a target name the plugin uses), or undefined when it can. */
export function reservedKeyReason(key: string, extraNames: readonly string[] = []): string | undefined {
  if (RESERVED_TARGET_NAMES.includes(key) || extraNames.includes(key)) return `"${key}" is a target the plan plugin adds`;
  const prefix = RESERVED_TARGET_PREFIXES.find((p) => key.startsWith(p));
  return prefix ? `keys starting with "${prefix}" name the plugin's aggregate targets` : undefined;
}

/** A free key for a task whose key is reserved: `task-<key>`, numbered when that is taken too. */
export function suggestedKey(key: string, taken: ReadonlySet<string>, extraNames: readonly string[] = []): string {
  const base = `task-${key}`;
  let candidate = base;
  for (let n = 2; taken.has(candidate) || reservedKeyReason(candidate, extraNames); n++) candidate = `${base}-${n}`;
  return candidate;
}

export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
