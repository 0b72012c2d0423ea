import { z } from 'zod';
import type { PlanInput, PlanKind } from '../model/plan-schema';
import type { ItemOverlayEntry } from './kind-module';
import { planFromTemplate } from './plan-from-template';

/**
 * What the seed-001 kinds share between their options and their context: text options (the
 * template's placeholders), list options ("a,b" on the command line, an array from the API), an
 * options schema whose only refinement is the kind's own context builder (so a bad option is
 * refused by one rule, with the builder's message), and the plan filled from the kind's template.
 */
export const textOption = z.string().optional();
export const listOption = z.union([z.string(), z.array(z.string())]).optional();

export function optionsCheckedBy<S extends z.ZodRawShape>(shape: S, buildContext: (options: z.infer<z.ZodObject<S>>) => unknown) {
  return z.object(shape).superRefine((options, ctx) => {
    try {
      buildContext(options);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
}

/** The context rebuilt from a plan written earlier, or undefined when its recorded values no longer build one. */
export function contextIfBuildable<C>(build: () => C): C | undefined {
  try {
    return build();
  } catch {
    return undefined;
  }
}

/** The kind's template filled and proven through its overlay, titled and described from the context. */
export function planOfTemplate(
  markdown: string,
  overlay: readonly ItemOverlayEntry[],
  plan: { name: string; kind: PlanKind; variables: Record<string, string>; title: string; overview: string },
): PlanInput {
  const filled = planFromTemplate(markdown, overlay, { name: plan.name, kind: plan.kind, variables: plan.variables });
  return { ...filled, title: plan.title, overview: plan.overview };
}
