import { Item, PRIORITIES } from '../plan-schema';
import { reservedKeyReason } from '../reserved-keys';

/** Small text rules shared by both formats: keys, estimates, checklist items. */

/**
 * Lower-kebab of a label or title; a key must start with a letter (`3D Engine` → `task-3d-engine`)
 * and must not be a target name the plugin reserves (`Verify` → `task-verify`).
 */
export function kebabKey(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return 'task';
  return /^[a-z]/.test(slug) && !reservedKeyReason(slug) ? slug : `task-${slug}`;
}

/** Makes keys unique in order: the second `api` becomes `api-2`. */
export function uniqueKeys(keys: string[]): string[] {
  const used = new Set<string>();
  return keys.map((key) => {
    let candidate = key;
    for (let n = 2; used.has(candidate); n++) candidate = `${key}-${n}`;
    used.add(candidate);
    return candidate;
  });
}

const UNIT_MINUTES: [RegExp, number][] = [
  [/^(m|mins?|minutes?)$/i, 1],
  [/^(h|hrs?|hours?)$/i, 60],
  // A working day and week, as plans count them.
  [/^(d|days?)$/i, 8 * 60],
  [/^(w|wks?|weeks?)$/i, 5 * 8 * 60],
];

/**
 * Minutes of an estimate as written: `10 minutes` → 10, `[4-8] hours` → 480 (a range counts its
 * upper bound; seed 001 brackets the range to be chosen). Undefined when it is not a duration.
 */
export function estimateMinutes(text: string): number | undefined {
  const match = /^~?\s*\[?\s*(\d+(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*\]?\s*([A-Za-z]+)\.?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = UNIT_MINUTES.find(([re]) => re.test(match[3]));
  if (!unit) return undefined;
  const upper = Number(match[2] ?? match[1]);
  const minutes = Math.round(upper * unit[1]);
  return Number.isSafeInteger(minutes) ? minutes : undefined;
}

export type Priority = (typeof PRIORITIES)[number];

export function priorityOf(word: string): Priority | undefined {
  const p = word.trim().toLowerCase();
  return (PRIORITIES as readonly string[]).includes(p) ? (p as Priority) : undefined;
}

export interface ParsedItem {
  item?: Item;
  /** Why the line is not a valid item, and the column to point at. */
  error?: { message: string; column: number };
}

const CHECKBOX = /^(\s*)[-*+]\s+\[([ xX])\](?:\s+(.*))?$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const PRIORITY_SUFFIX = /\s*\(Priority:\s*([^)]*)\)\s*$/i;

/** A checklist line `- [ ] text (Priority: High)`; a plain bullet is an unchecked item. */
export function parseItem(lineText: string): ParsedItem | undefined {
  const box = CHECKBOX.exec(lineText);
  const bullet = box ? undefined : BULLET.exec(lineText);
  if (!box && !bullet) return undefined;
  let text = (box ? (box[3] ?? '') : bullet![2]).trim();
  const done = box ? box[2] !== ' ' : false;
  let priority: Priority | undefined;
  const suffix = PRIORITY_SUFFIX.exec(text);
  if (suffix) {
    priority = priorityOf(suffix[1]);
    if (!priority) {
      return {
        error: {
          message: `Unknown priority "${suffix[1].trim()}": use Critical, High, Medium or Low.`,
          column: lineText.lastIndexOf(suffix[1]) + 1,
        },
      };
    }
    text = text.slice(0, suffix.index).trim();
  }
  if (text === '')
    return { error: { message: 'Empty checklist item: write what has to be done after the checkbox.', column: lineText.length + 1 } };
  return { item: { text, done, ...(priority ? { priority } : {}), checks: [], files: [] } };
}
