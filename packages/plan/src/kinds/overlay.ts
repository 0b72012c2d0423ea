import type { Item, Plan } from '../model/plan-schema';
import type { ItemOverlayEntry, ItemProof } from './kind-module';

/**
 * A kind's overlay applied item by item (generation and `plan import` alike): every checklist
 * item of a stream, integration point or success criterion that an entry of the same scope
 * matches gets that entry's proof; the others keep what they had (an imported item: no check,
 * so it stays unproven). The first matching entry wins.
 */

export interface OverlayResult {
  plan: Plan;
  /** Items that got a proof, by id (or text when the item has no id). */
  matched: string[];
  /** Items no entry matched. */
  unmatched: string[];
}

/** The item's text as compared: spacing collapsed; matching ignores case. */
export function overlayText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function findProof(overlay: readonly ItemOverlayEntry[], scope: ItemOverlayEntry['scope'], text: string): ItemProof | undefined {
  const subject = overlayText(text);
  return overlay.find((entry) => entry.scope === scope && caseless(entry.match).test(subject))?.proof;
}

export function applyOverlay(plan: Plan, overlay: readonly ItemOverlayEntry[]): OverlayResult {
  const next: Plan = structuredClone(plan);
  const matched: string[] = [];
  const unmatched: string[] = [];
  const visit = (items: Item[], scope: ItemOverlayEntry['scope']) => {
    for (const item of items) {
      const proof = findProof(overlay, scope, item.text);
      (proof ? matched : unmatched).push(item.id ?? item.text);
      if (proof) applyProof(item, proof);
    }
  };
  for (const task of next.phases.flatMap((p) => p.tasks)) visit(task.items, 'stream');
  for (const point of next.integrationPoints) visit(point.items, 'integration');
  visit(next.successCriteria, 'success');
  return { plan: next, matched, unmatched };
}

/** Files every matched item of the plan creates (plan-relative; a trailing / names a folder). */
export function itemFiles(plan: Plan): string[] {
  const items = [
    ...plan.phases.flatMap((p) => p.tasks.flatMap((t) => t.items)),
    ...plan.integrationPoints.flatMap((p) => p.items),
    ...plan.successCriteria,
  ];
  return [...new Set(items.flatMap((i) => i.files.map((f) => f.path)))];
}

function applyProof(item: Item, proof: ItemProof): void {
  item.checks = (proof.checks ?? []).map((c) => ({ uses: c.uses, ...(c.with ? { with: structuredClone(c.with) } : {}) }));
  item.files = (proof.files ?? []).map((f) => ({
    path: f.path,
    action: 'create' as const,
    ...(f.producedBy ? { producedBy: f.producedBy } : {}),
  }));
  if (proof.inputs?.length) item.inputs = [...proof.inputs];
  else delete item.inputs;
  if (proof.unprovable) item.unprovable = proof.unprovable;
  else delete item.unprovable;
}

function caseless(re: RegExp): RegExp {
  return re.flags.includes('i')
    ? new RegExp(re.source, re.flags.replace(/[gy]/g, ''))
    : new RegExp(re.source, re.flags.replace(/[gy]/g, '') + 'i');
}
