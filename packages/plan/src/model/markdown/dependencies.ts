/**
 * Dependencies as written: `Task 1.1, Task 3.2` (seed 000) or stream names such as
 * `OpenAPI Contract, Infrastructure` (seed 001), which abbreviate stream titles ("Infrastructure"
 * is "Stream B: Infrastructure & Environment") or name something a stream's checklist sets up
 * ("Mock API Service" is Stream A's "Set up API mocking service"). A name resolves to the one
 * stream that explains it best; none or a tie is an error the author fixes by writing the title.
 */

export interface DependencyCandidate {
  id: string;
  title: string;
  /** Checklist texts, searched when a name is not in any title. */
  items: readonly string[];
}

export interface DependencyRef {
  /** The name as written (trimmed). */
  name: string;
  /** 0-based offset of the name in the text. */
  offset: number;
  id?: string;
  error?: string;
}

const NONE = /^(none|n\/a|-|—|)$/i;
const BY_ID = /^(?:Task|Stream)\s+([A-Za-z0-9][A-Za-z0-9.]*)$/i;
const STOP = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'to', 'with', 'in', 'on', 'by']);

function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

export function tokens(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/\bset\s+up\b/g, 'setup')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !STOP.has(w));
  return [...new Set(words.map(stem))];
}

function normalised(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Splits at commas outside parentheses, keeping each part's offset. */
function splitNames(text: string): { name: string; offset: number }[] {
  const parts: { name: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    parts.push({ name: raw.trim(), offset: start + lead });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(text.length);
  return parts;
}

/** How well `nameTokens` describe a candidate: a word in the title counts 3, the last (head) word in the title 1 more, a word only in the checklist 1. */
function score(nameTokens: string[], candidate: DependencyCandidate): { score: number; inTitle: number; covered: boolean } {
  const title = new Set(tokens(candidate.title));
  const itemTokens = candidate.items.map((i) => new Set(tokens(i)));
  const anyItem = new Set(itemTokens.flatMap((s) => [...s]));
  let total = 0;
  let inTitle = 0;
  nameTokens.forEach((t, i) => {
    if (title.has(t)) {
      total += 3 + (i === nameTokens.length - 1 ? 1 : 0);
      inTitle++;
    } else if (anyItem.has(t)) total += 1;
  });
  // Every word of the name in the title, or in one checklist item (which the stream delivers).
  const covered = nameTokens.every((t) => title.has(t)) || itemTokens.some((s) => nameTokens.every((t) => s.has(t) || title.has(t)));
  return { score: total, inTitle, covered };
}

/** Resolves one name among the candidates other than `selfId`. */
export function resolveName(name: string, candidates: readonly DependencyCandidate[], selfId?: string): { id?: string; error?: string } {
  const byId = BY_ID.exec(name);
  if (byId) {
    const hit = candidates.find((c) => c.id === byId[1]);
    return hit ? { id: hit.id } : { error: 'names no task or stream of this plan.' };
  }
  const exact = candidates.filter((c) => normalised(c.title) === normalised(name));
  if (exact.length === 1) return { id: exact[0].id };
  const others = candidates.filter((c) => c.id !== selfId);
  const bare = name.replace(/\s*\([^()]*\)\s*$/, '').trim();
  const exactBare = others.filter((c) => normalised(c.title) === normalised(bare));
  if (exactBare.length === 1) return { id: exactBare[0].id };
  const idHit = others.filter((c) => c.id === name.trim());
  if (idHit.length === 1) return { id: idHit[0].id };
  const nameTokens = tokens(bare);
  if (nameTokens.length === 0) return { error: 'names no stream: write the title of the stream it depends on.' };
  const scored = others
    .map((c) => ({ c, ...score(nameTokens, c) }))
    .filter((s) => s.inTitle > 0 || s.covered)
    .sort((a, b) => b.score - a.score);
  if (scored.length === 0 || scored[0].score === 0) {
    return { error: `names no stream of this plan: write the title of the stream it depends on (${titles(others)}).` };
  }
  const best = scored.filter((s) => s.score === scored[0].score);
  if (best.length > 1) {
    return { error: `is ambiguous: it could be ${best.map((s) => `"${s.c.title}"`).join(' or ')}; write the full title.` };
  }
  return { id: best[0].c.id };
}

function titles(candidates: readonly DependencyCandidate[]): string {
  const list = candidates
    .slice(0, 12)
    .map((c) => `"${c.title}"`)
    .join(', ');
  return candidates.length > 12 ? `${list}, ...` : list || 'there are none';
}

/** Every name of a Dependencies value with what it resolved to; `None` is no dependency. */
export function resolveDependencyText(text: string, candidates: readonly DependencyCandidate[], selfId?: string): DependencyRef[] {
  if (NONE.test(text.trim())) return [];
  return splitNames(text).map(({ name, offset }) => {
    if (name === '') return { name, offset, error: 'is empty: remove the extra comma.' };
    return { name, offset, ...resolveName(name, candidates, selfId) };
  });
}
