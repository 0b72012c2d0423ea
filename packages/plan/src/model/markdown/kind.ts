import { PlanKind } from '../plan-schema';

/**
 * The plan kind from what the document says about itself: its title and overview as written
 * (the seed 001 templates name their kind in the placeholders, "[Mobile App Name]"), then the
 * filled ones; then the skills its tasks use (seed 000 is the ML app). `custom` otherwise.
 */
const BY_WORDS: [RegExp, PlanKind][] = [
  [/\bmicro-?services?\b/i, 'microservices'],
  [/\b(ml|machine[- ]learning)\b/i, 'ml-app'],
  [/\bdata[- ](processing[- ])?pipelines?\b|\betl\b/i, 'data-pipeline'],
  [/\bmobile\b|\b(ios|android)\b/i, 'mobile-app'],
  [/\bapi[- ]service\b|\brest(ful)? api\b/i, 'api-service'],
  [/\bweb[- ]?(app|application|site)\b/i, 'web-app'],
];

export function inferKind(texts: (string | undefined)[], skills: string[]): PlanKind {
  for (const text of texts) {
    if (!text) continue;
    const hit = BY_WORDS.find(([re]) => re.test(text));
    if (hit) return hit[1];
  }
  if (skills.some((s) => /ml-engineer|h2o|mojo/i.test(s))) return 'ml-app';
  if (skills.some((s) => /data-engineer/i.test(s))) return 'data-pipeline';
  return 'custom';
}
