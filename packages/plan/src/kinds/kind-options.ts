import { z } from 'zod';
import type { Plan, PlanKind } from '../model/plan-schema';
import type { ItemOverlayEntry, KindModule } from './kind-module';
import { planFromTemplate } from './plan-from-template';

/**
 * What the seed-001 kinds share between their options and their context: text options (the
 * template's placeholders), list options ("a,b" on the command line, an array from the API), an
 * options schema whose only refinement is the kind's own context builder (so a bad option is
 * refused by one rule, with the builder's message), and the wiring of a template kind's module.
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

/** A seed-001 template module: its title, its stream titles and its Markdown filled from the context's values. */
export interface KindTemplate<V> {
  TEMPLATE_TITLE: string;
  STREAM_TITLES: readonly string[];
  templateMarkdown(values: V): string;
}

/** What is particular to a template kind; templateKind wires it into a KindModule the same way for every kind. */
export interface TemplateKindSpec<O, C, V> {
  kind: PlanKind;
  template: KindTemplate<V>;
  optionsSchema: z.ZodType<O>;
  buildContext(options: O): C;
  /** The options recorded by a plan written earlier (its title, overview and variables). */
  optionsFromPlan(plan: Plan, values: Record<string, string>): O;
  overlay(ctx: C): ItemOverlayEntry[];
  /** The variables the plan records (from which optionsFromPlan reads them back). */
  variables(ctx: C): Record<string, string>;
  overview(ctx: C): string;
}

type TemplateKindParts<O, C> = Pick<
  KindModule<O, C>,
  'kind' | 'templateTitle' | 'streamTitles' | 'optionsSchema' | 'context' | 'contextFromPlan' | 'plan' | 'overlay'
>;

export function templateKind<O, C extends { name: string; title: string; template: V }, V>(
  spec: TemplateKindSpec<O, C, V>,
): TemplateKindParts<O, C> {
  return {
    kind: spec.kind,
    templateTitle: spec.template.TEMPLATE_TITLE,
    streamTitles: spec.template.STREAM_TITLES,
    optionsSchema: spec.optionsSchema,
    context: (options) => spec.buildContext(options),
    // A plan edited by hand may no longer build a context: then there is none to regenerate from.
    contextFromPlan: (plan, values) => {
      try {
        return spec.buildContext(spec.optionsFromPlan(plan, values));
      } catch {
        return undefined;
      }
    },
    plan: (ctx) => ({
      ...planFromTemplate(spec.template.templateMarkdown(ctx.template), spec.overlay(ctx), {
        name: ctx.name,
        kind: spec.kind,
        variables: spec.variables(ctx),
      }),
      title: ctx.title,
      overview: spec.overview(ctx),
    }),
    overlay: (ctx) => spec.overlay(ctx),
  };
}
