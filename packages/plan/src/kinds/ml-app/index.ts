import { z } from 'zod';
import { allTasks, Plan } from '../../model/plan-schema';
import type { KindModule } from '../kind-module';
import { buildContext, checkMlAppInput, MlAppContext, MlAppInput, MlAppInputLabels } from './context';
import { mlAppSkillFiles } from './files';
import { mlAppPlan } from './plan';

/**
 * ml-app: seed 000 (the ML application, task format). Its context is the coherent starter domain
 * (context.ts), its plan the seed's seven tasks with their checks (plan.ts), its files the ML
 * skills (files.ts). Seed 000 has no checklist items, so its overlay is empty: an imported seed-000
 * document gets its proofs task by task, matched by task key.
 */
export interface MlAppOptions extends MlAppInput {
  /** Interpreter for the lint-endpoints checks, written into plan.yaml as given. */
  python?: string;
}

export type MlAppKindContext = MlAppContext & { python?: string };

const text = z.string().optional();
const optionsSchema = z
  .object({
    name: z.string(),
    projectName: text,
    projectDescription: text,
    functionalRequirements: text,
    nonFunctionalRequirements: text,
    constraints: text,
    schemaName: text,
    pipelineName: text,
    modelName: text,
    additionalNotes: text,
    python: text,
  })
  .superRefine((options, ctx) => {
    // Names and text are checked by the one rule set of the ML skills (context.ts); its messages name the option.
    try {
      checkMlAppInput(options);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const mlAppKind: KindModule<MlAppOptions, MlAppKindContext> = {
  kind: 'ml-app',
  templateTitle: 'Implementation Plan: {{ project_name }}',
  streamTitles: [],
  optionsSchema,
  context: (options) => withPython(buildContext(options), options.python),
  contextFromPlan: (plan, values, options) => withPython(contextOfImported(plan, values), options?.python),
  plan: (ctx) => mlAppPlan(ctx, { python: ctx.python }),
  overlay: () => [],
  files: (ctx) => mlAppSkillFiles(ctx),
  projectTargets: (ctx) => ({
    train: {
      command: `python3 ${ctx.paths.trainScript} --config ${ctx.paths.mlConfig}`,
      options: { cwd: '{projectRoot}' },
      cache: false,
      metadata: { description: `Train with H2O and export the MOJO to ${ctx.paths.model} (needs Java and h2o<=3.46.0.11)` },
    },
  }),
  nextSteps: (ctx) => [`Next: nx run-many -t verify -p ${ctx.name}   (the mojo task needs a model: nx run ${ctx.name}:train)`],
};

function withPython(ctx: MlAppContext, python: string | undefined): MlAppKindContext {
  return python ? { ...ctx, python } : ctx;
}

/** An imported plan's variables; a filled document has none left, so the names come from the files its tasks create. */
function contextOfImported(plan: Plan, values: Record<string, string>): MlAppContext {
  const vars = { ...(plan.variables ?? {}), ...values };
  const paths = allTasks(plan).flatMap((t) => t.files.map((f) => f.path));
  const fromPath = (pattern: RegExp) => paths.map((p) => pattern.exec(p)?.[1]).find((v) => v !== undefined);
  return buildContext(
    {
      name: plan.name,
      projectName: vars.project_name ?? plan.title,
      projectDescription: vars.project_description ?? plan.overview,
      functionalRequirements: vars.functional_requirements,
      nonFunctionalRequirements: vars.non_functional_requirements,
      constraints: vars.constraints,
      additionalNotes: vars.additional_notes ?? plan.notes,
      schemaName: snakeOrUndefined(vars.schema_name ?? fromPath(/^schemas\/([^/]+)\.json$/)),
      pipelineName: snakeOrUndefined(vars.pipeline_name ?? fromPath(/^pipelines\/([^/]+)\/metadata\.yaml$/)),
      modelName: snakeOrUndefined(vars.model_name ?? fromPath(/^models\/([^/]+)\.zip$/)),
    },
    IMPORT_LABELS,
  );
}

function snakeOrUndefined(value: string | undefined): string | undefined {
  return value && /^[a-z][a-z0-9_]*$/.test(value) ? value : undefined;
}

/** Where an imported ML plan's values come from, for errors: the document or `--var`. */
const IMPORT_LABELS: MlAppInputLabels = {
  name: 'plan name',
  projectName: 'project_name (the document title or --var project_name)',
  projectDescription: 'project_description (## Overview or --var project_description)',
  functionalRequirements: 'functional_requirements (--var)',
  nonFunctionalRequirements: 'non_functional_requirements (--var)',
  constraints: 'constraints (--var)',
  additionalNotes: 'additional_notes (## Notes or --var additional_notes)',
  schemaName: 'schema_name',
  pipelineName: 'pipeline_name',
  modelName: 'model_name',
};
