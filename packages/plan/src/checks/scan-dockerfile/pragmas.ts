import type { RawFinding } from './rule-types';

/**
 * hadolint's inline pragmas: `# hadolint ignore=DL3007,DL3008` in the comment lines right above an
 * instruction silences those rules for it; `# hadolint global ignore=...` for the whole file.
 */
const IGNORE = /^\s*#\s*hadolint\s+ignore\s*=\s*([A-Za-z0-9_\-/, ]+)/i;
const GLOBAL_IGNORE = /^\s*#\s*hadolint\s+global\s+ignore\s*=\s*([A-Za-z0-9_\-/, ]+)/i;

function ids(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

export function applyPragmas(findings: RawFinding[], lines: string[]): { kept: RawFinding[]; ignored: number } {
  const global = new Set<string>();
  for (const line of lines) {
    const m = GLOBAL_IGNORE.exec(line);
    if (m) for (const id of ids(m[1])) global.add(id);
  }
  const cache = new Map<number, Set<string>>();
  const ignoredAt = (line: number): Set<string> => {
    let set = cache.get(line);
    if (set) return set;
    set = new Set<string>();
    // Walk up the comment block directly above the line (line is 1-based; lines[] is 0-based).
    for (let i = line - 2; i >= 0 && /^\s*#/.test(lines[i]); i--) {
      const m = IGNORE.exec(lines[i]);
      if (m) for (const id of ids(m[1])) set.add(id);
    }
    cache.set(line, set);
    return set;
  };
  const kept: RawFinding[] = [];
  let ignored = 0;
  for (const f of findings) {
    const names = [f.rule, ...(f.aliases ?? [])].map((r) => r.toUpperCase());
    const local = f.pos ? ignoredAt(f.pos.line) : new Set<string>();
    if (names.some((n) => global.has(n) || local.has(n))) ignored++;
    else kept.push(f);
  }
  return { kept, ignored };
}
