import { formatDiagnostics } from '../model/diagnostics';
import { parsePlanMarkdown } from '../model/markdown/parse-markdown';
import type { PlanInput, PlanKind } from '../model/plan-schema';
import type { ItemOverlayEntry } from './kind-module';
import { applyOverlay } from './overlay';

/**
 * A seed-001 kind's plan in one call: its template (Markdown, placeholders already filled from
 * the context) parsed by the same parser as `plan import`, then its overlay applied item by item.
 * Import and generation therefore agree on every item's id, text and proof.
 */
export function planFromTemplate(
  markdown: string,
  overlay: readonly ItemOverlayEntry[],
  options: { name: string; kind: PlanKind; variables?: Record<string, string> },
): PlanInput {
  const file = `the ${options.kind} template`;
  const { plan, diagnostics } = parsePlanMarkdown(markdown, { file, name: options.name, kind: options.kind });
  // The template is the kind's own text: a diagnostic here is a bug of the kind, not of the user.
  if (!plan) throw new Error(`plan: ${file} does not parse:\n${formatDiagnostics(diagnostics)}`);
  const applied = applyOverlay(plan, overlay).plan;
  return options.variables && Object.keys(options.variables).length ? { ...applied, variables: { ...options.variables } } : applied;
}
