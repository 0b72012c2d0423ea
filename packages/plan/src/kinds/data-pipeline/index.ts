import { z } from 'zod';
import { planFromTemplate } from '../plan-from-template';
import type { KindModule } from '../kind-module';
import { renderDataPipeline } from '../../skills/data-pipeline/render-data-pipeline';
import { buildContext, DataPipelineContext, DataPipelineOptions } from './context';
import { dataPipelineOverlay } from './overlay';
import { STREAM_TITLES, TEMPLATE_TITLE, templateMarkdown } from './template';

/**
 * data-pipeline: Template 4 of seed 001. Its files: contracts (JSON Schema + Avro per dataset in
 * two versions, ODCS per interface, AsyncAPI), the pipeline (connectors, portable SQL models,
 * lineage), quality rules and reconciliation as data, deterministic samples, the data stack.
 */
const text = z.string().optional();
const optionsSchema = z
  .object({
    name: z.string(),
    pipelineName: text,
    description: text,
    datasets: z.union([z.string(), z.array(z.string())]).optional(),
    schemaHours: text,
    infraHours: text,
    apiHours: text,
  })
  .superRefine((options, ctx) => {
    try {
      buildContext(options);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const dataPipelineKind: KindModule<DataPipelineOptions, DataPipelineContext> = {
  kind: 'data-pipeline',
  templateTitle: TEMPLATE_TITLE,
  streamTitles: STREAM_TITLES,
  optionsSchema,
  context: (options) => buildContext(options),
  contextFromPlan: (plan, values) => {
    const datasets = [
      ...new Set(
        plan.phases
          .flatMap((p) =>
            p.tasks.flatMap((t) =>
              t.items.flatMap((i) => i.files.map((f) => /^data\/samples\/([a-z][a-z0-9_]*)\.ndjson$/.exec(f.path)?.[1])),
            ),
          )
          .filter((d): d is string => !!d),
      ),
    ];
    try {
      return buildContext({
        name: plan.name,
        pipelineName: values.data_pipeline_name ?? plan.title,
        description: values.brief_description_of_the_data_processing_pipeline_and_its_purpose ?? plan.overview,
        // The generator records the datasets as a plan variable; an imported document may name them with --var datasets=...
        datasets: values.datasets ?? plan.variables?.datasets ?? (datasets.length ? datasets : undefined),
      });
    } catch {
      return undefined;
    }
  },
  plan: (ctx) => {
    const plan = planFromTemplate(templateMarkdown(ctx.template), dataPipelineOverlay(ctx), {
      name: ctx.domain.name,
      kind: 'data-pipeline',
      variables: { data_pipeline_name: ctx.domain.title, datasets: ctx.domain.datasets.map((d) => d.name).join(',') },
    });
    return { ...plan, title: ctx.domain.title, overview: ctx.domain.description };
  },
  overlay: (ctx) => dataPipelineOverlay(ctx),
  files: (ctx) => renderDataPipeline(ctx.domain),
  nextSteps: (ctx) => [
    `Next: nx run-many -t verify -p ${ctx.domain.name}   (then npx plan status ${ctx.domain.name})`,
    `Run the pipeline on the samples: npx plan pipeline-run ${ctx.domain.name}/pipeline/pipeline.yaml`,
  ],
};
