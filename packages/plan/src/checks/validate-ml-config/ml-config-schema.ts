import { z } from 'zod';

/**
 * The `ml/config.yaml` format (shared contract with the ml-app templates, /tmp/briefs/ml-config.md).
 * zod is the single definition: the TypeScript type is inferred from it and the JSON Schema
 * published for editors is derived from it. Cross-field rules (split sums to 1, categorical ⊆
 * features, ...) live in rules.ts because they need positions of list items.
 */
export const ALGORITHMS = ['glm', 'gbm', 'drf', 'xgboost', 'automl'] as const;
export const PROBLEM_TYPES = ['binary_classification', 'multiclass_classification', 'regression'] as const;

const name = z.string().min(1);
const ratio = z.number().min(0).max(1);

export const splitSection = z
  .object({ train: ratio.gt(0), valid: ratio, test: ratio })
  .strict()
  .describe('Fractions of the rows for train, validation and test frames; they sum to 1');

export const dataSection = z
  .object({
    table: name.describe('The table schemas/<schema>.json defines and the pipeline exports'),
    train_path: name.describe('File the training script imports (plan-relative), e.g. data/churn.csv'),
    target: name.describe('Response column'),
    features: z.array(name).min(1).describe('Predictor columns, in the order the MOJO and the request model use'),
    categorical: z.array(name).default([]).describe('Subset of features read as factors'),
    ignored: z.array(name).default([]).describe('Columns of the table the model must not use'),
    problem_type: z.enum(PROBLEM_TYPES),
    split: splitSection.optional(),
    seed: z.number().int().optional(),
  })
  .strict();

export const h2oSection = z
  .object({
    nthreads: z.number().int().min(-1).optional().describe('-1 uses every core'),
    max_mem_size: z
      .union([z.string().min(1), z.number().positive()])
      .optional()
      .describe('e.g. 4G'),
    min_mem_size: z.union([z.string().min(1), z.number().positive()]).optional(),
    ip: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    url: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    strict_version_check: z.boolean().optional(),
  })
  .strict()
  .describe('Arguments of h2o.init()');

export const automlSection = z
  .object({
    max_models: z.number().int().positive().optional(),
    max_runtime_secs: z.number().nonnegative().optional(),
    max_runtime_secs_per_model: z.number().nonnegative().optional(),
    sort_metric: z.string().min(1).optional(),
    stopping_metric: z.string().min(1).optional(),
    stopping_rounds: z.number().int().nonnegative().optional(),
    stopping_tolerance: z.number().nonnegative().optional(),
    nfolds: z.number().int().min(-1).optional(),
    include_algos: z.array(name).optional(),
    exclude_algos: z.array(name).optional(),
    project_name: name.optional(),
    balance_classes: z.boolean().optional(),
  })
  .strict()
  .describe('Arguments of H2OAutoML(); used when algorithm = automl');

export const trainingSection = z
  .object({
    algorithm: z.enum(ALGORITHMS),
    params: z.record(z.string(), z.unknown()).optional().describe('Passed as keyword arguments to the estimator'),
    automl: automlSection.optional(),
  })
  .strict();

export const exportSection = z
  .object({
    mojo_path: name.describe("MOJO zip written by training; MUST equal the mojo task's file in plan.yaml"),
    leaderboard_path: name.optional(),
    metrics_path: name.optional(),
  })
  .strict();

export const mlConfigSchema = z
  .object({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors'),
    version: z.literal(1).describe('Version of this config format'),
    data: dataSection,
    h2o: h2oSection.optional(),
    training: trainingSection,
    export: exportSection,
    thresholds: z
      .record(z.string(), z.number())
      .optional()
      .describe('Quality gates: <metric>_min or <metric>_max → value, e.g. auc_min: 0.7'),
  })
  .strict()
  .describe('ml/config.yaml: what the H2O training script reads');

export type MlConfig = z.infer<typeof mlConfigSchema>;
export type MlConfigInput = z.input<typeof mlConfigSchema>;

/** The JSON Schema (draft 2020-12) for editors (input shape: defaults are optional). */
export function mlConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(mlConfigSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}

/** Known keys of each mapping, by dotted path ('' is the top level): for "did you mean" hints. */
export const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys(mlConfigSchema.shape),
  data: Object.keys(dataSection.shape),
  'data.split': Object.keys(splitSection.shape),
  h2o: Object.keys(h2oSection.shape),
  training: Object.keys(trainingSection.shape),
  'training.automl': Object.keys(automlSection.shape),
  export: Object.keys(exportSection.shape),
};
