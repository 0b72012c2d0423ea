import { z } from 'zod';
import type { KindModule } from '../kind-module';
import { planFromTemplate } from '../plan-from-template';
import { TemplateBasics, templateBasics, templateHours } from '../template-options';
import { mobileAppOverlay } from './overlay';
import { FRAMEWORKS, MobileTemplateValues, STREAM_TITLES, TEMPLATE_TITLE, templateMarkdown } from './template';

/**
 * mobile-app: Template 3 of seed 001. No skill files of its own yet: the items a check proves
 * create their files (contract, compose, CI workflow) as marked placeholders on import.
 */
export interface MobileAppOptions {
  name: string;
  /** [Mobile App Name]. */
  title?: string;
  /** [Brief description of the mobile app and its target platforms]. */
  description?: string;
  framework?: string;
  contractHours?: string;
  infraHours?: string;
  foundationHours?: string;
}

export interface MobileAppContext extends TemplateBasics {
  template: MobileTemplateValues;
}

export function mobileAppContext(options: MobileAppOptions): MobileAppContext {
  const framework = options.framework ?? 'React Native';
  if (!(FRAMEWORKS as readonly string[]).includes(framework))
    throw new Error(`Invalid --framework "${framework.slice(0, 40)}": use one of ${FRAMEWORKS.join(', ')}.`);
  return {
    ...templateBasics(options, 'a mobile application built contract-first.'),
    template: {
      contractHours: templateHours('contractHours', options.contractHours, '6-10'),
      infraHours: templateHours('infraHours', options.infraHours, '4-6'),
      foundationHours: templateHours('foundationHours', options.foundationHours, '4-8'),
      framework: framework as MobileTemplateValues['framework'],
    },
  };
}

const text = z.string().optional();
const optionsSchema = z
  .object({
    name: z.string(),
    title: text,
    description: text,
    framework: text,
    contractHours: text,
    infraHours: text,
    foundationHours: text,
  })
  .superRefine((options, ctx) => {
    try {
      mobileAppContext(options);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const mobileAppKind: KindModule<MobileAppOptions, MobileAppContext> = {
  kind: 'mobile-app',
  templateTitle: TEMPLATE_TITLE,
  streamTitles: STREAM_TITLES,
  optionsSchema,
  context: mobileAppContext,
  contextFromPlan: (plan) => {
    try {
      return mobileAppContext({ name: plan.name, title: plan.title, description: plan.overview });
    } catch {
      return undefined;
    }
  },
  plan: (ctx) => ({
    ...planFromTemplate(templateMarkdown(ctx.template), mobileAppOverlay(), { name: ctx.name, kind: 'mobile-app' }),
    title: ctx.title,
    overview: ctx.description,
  }),
  overlay: () => mobileAppOverlay(),
  files: () => new Map(),
  nextSteps: (ctx) => [`Next: npx plan status ${ctx.name}   (items without a check stay unproven until attested: plan attest --item)`],
};
