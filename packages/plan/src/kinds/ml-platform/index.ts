import { z } from 'zod';
import type { KindModule } from '../kind-module';
import { planFromTemplate } from '../plan-from-template';
import { TemplateBasics, templateBasics, templateHours } from '../template-options';
import { mlPlatformOverlay } from './overlay';
import { MlPlatformTemplateValues, STREAM_TITLES, TEMPLATE_TITLE, templateMarkdown } from './template';

/**
 * ml-platform: Template 5 of seed 001 (the ML application in the stream format). No skill files
 * of its own yet: the items a check proves create their files (contract, compose, monitoring, CI
 * workflow) as marked placeholders on import.
 */
export interface MlPlatformOptions {
  name: string;
  /** [ML App Name]. */
  title?: string;
  /** [Brief description of the ML application and its purpose]. */
  description?: string;
  contractHours?: string;
  infraHours?: string;
  foundationHours?: string;
}

export interface MlPlatformContext extends TemplateBasics {
  template: MlPlatformTemplateValues;
}

export function mlPlatformContext(options: MlPlatformOptions): MlPlatformContext {
  return {
    ...templateBasics(options, 'a machine-learning application built contract-first.'),
    template: {
      contractHours: templateHours('contractHours', options.contractHours, '8-12'),
      infraHours: templateHours('infraHours', options.infraHours, '6-8'),
      foundationHours: templateHours('foundationHours', options.foundationHours, '4-6'),
    },
  };
}

const text = z.string().optional();
const optionsSchema = z
  .object({ name: z.string(), title: text, description: text, contractHours: text, infraHours: text, foundationHours: text })
  .superRefine((options, ctx) => {
    try {
      mlPlatformContext(options);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const mlPlatformKind: KindModule<MlPlatformOptions, MlPlatformContext> = {
  kind: 'ml-platform',
  templateTitle: TEMPLATE_TITLE,
  streamTitles: STREAM_TITLES,
  optionsSchema,
  context: mlPlatformContext,
  contextFromPlan: (plan) => {
    try {
      return mlPlatformContext({ name: plan.name, title: plan.title, description: plan.overview });
    } catch {
      return undefined;
    }
  },
  plan: (ctx) => ({
    ...planFromTemplate(templateMarkdown(ctx.template), mlPlatformOverlay(), { name: ctx.name, kind: 'ml-platform' }),
    title: ctx.title,
    overview: ctx.description,
  }),
  overlay: () => mlPlatformOverlay(),
  files: () => new Map(),
  nextSteps: (ctx) => [`Next: npx plan status ${ctx.name}   (items without a check stay unproven until attested: plan attest --item)`],
};
