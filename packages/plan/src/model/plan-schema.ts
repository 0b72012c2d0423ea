import { z } from 'zod';

/**
 * The Plan model, version 1 (architecture.md). These zod schemas are the single source of truth:
 * the TypeScript types are inferred from them and plan.schema.json is generated from them.
 */

export const PLAN_KINDS = [
  'ml-app',
  'api-service',
  'web-app',
  'mobile-app',
  'data-pipeline',
  'ml-platform',
  'microservices',
  'custom',
] as const;
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const kebab = (what: string) =>
  z.string().regex(KEBAB, { message: `${what} must be kebab-case (lower-case letters, digits and single dashes, starting with a letter)` });

/** Relative, normalised-looking path inside the plan folder: no absolute paths, no `..`. */
const planPath = z
  .string()
  .min(1)
  .refine((p) => !/^([a-zA-Z]:)?[\\/]/.test(p), { message: 'path must be relative to the plan folder' })
  .refine((p) => !p.split(/[\\/]/).includes('..'), { message: 'path must not contain ".."' });

export const FileEntrySchema = z
  .object({
    path: planPath.describe('Path relative to the plan folder; a trailing / names a folder'),
    action: z.enum(['create', 'modify']).default('create'),
    producedBy: z.string().optional().describe('Command that produces the file (e.g. a training run), named when it is missing'),
  })
  .strict();

export const CheckRefSchema = z
  .object({
    uses: z.string().min(1).describe('Name of a registered check, e.g. validate-schema'),
    with: z.record(z.string(), z.unknown()).optional().describe('Check options; `paths` lists the inputs'),
    imported: z
      .boolean()
      .optional()
      .describe('Set by plan import on a command taken from a document: it runs only once approved (plan approve)'),
  })
  .strict();

export const ItemSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, { message: 'item id must look like "A.1" or "int-1.2"' })
      .optional()
      .describe('Stable id within the plan (stream letter or integration/success prefix, then position), e.g. "A.1"'),
    text: z.string().min(1),
    priority: z.enum(PRIORITIES).optional(),
    done: z.boolean().default(false),
    checks: z.array(CheckRefSchema).default([]).describe('Checks that prove this item; none = unproven until attested'),
    files: z.array(FileEntrySchema).default([]).describe('Files this item creates'),
    inputs: z.array(planPath).optional().describe("Extra plan paths the item's checks read"),
    unprovable: z
      .string()
      .optional()
      .describe('Why no machine can prove this item here (e.g. "production deployment"): it stays unproven until attested'),
  })
  .strict();

export const TaskSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.]*$/, { message: 'task id must look like "1.1" or "A"' }),
    key: kebab('task key').describe('Unique in the plan; the Nx target name'),
    title: z.string().min(1),
    label: z.string().min(1).optional().describe('Short name used in the execution-order graph'),
    assignee: z.string().optional(),
    skill: z.string().optional(),
    estimate: z.number().int().nonnegative().optional().describe('Minutes'),
    estimateText: z.string().optional().describe('The estimate as written, e.g. "4-8 hours"'),
    priority: z.enum(PRIORITIES).optional(),
    dependsOn: z.array(z.string().min(1)).default([]).describe('Task ids or keys'),
    dependsOnText: z
      .string()
      .optional()
      .describe(
        'The Dependencies as written in PLAN.md when they are not the titles of the tasks (e.g. "OpenAPI Contract, Infrastructure"); rendered while it still names the same tasks',
      ),
    files: z.array(FileEntrySchema).default([]),
    checks: z.array(CheckRefSchema).default([]),
    inputs: z.array(planPath).optional().describe('Extra plan paths the checks read (Nx inputs); a trailing / names a folder'),
    verification: z.array(z.string()).optional().describe('Verification lines as written in the plan document'),
    done: z.array(z.string()).default([]).describe('Definition of done'),
    items: z.array(ItemSchema).default([]).describe("A stream's checklist"),
  })
  .strict();

export const PhaseSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    parallel: z.boolean().optional(),
    window: z.string().optional(),
    tasks: z.array(TaskSchema).default([]),
  })
  .strict();

export const IntegrationPointSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    after: z.array(z.string()).default([]).describe('Phase ids or task keys; empty = final'),
    items: z.array(ItemSchema).default([]),
  })
  .strict();

export const PlanSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    name: kebab('plan name').describe('The Nx project name'),
    kind: z.enum(PLAN_KINDS),
    title: z.string().min(1),
    overview: z.string().optional(),
    requirements: z
      .object({
        functional: z.array(z.string()).default([]),
        nonFunctional: z.array(z.string()).default([]),
        constraints: z.array(z.string()).default([]),
      })
      .strict()
      .optional(),
    variables: z.record(z.string(), z.string()).optional(),
    itemTargets: z
      .boolean()
      .optional()
      .describe(
        "Each checklist item with checks of its own becomes its own Nx target, cached by the item's own inputs; its stream's target gathers the items' recorded results",
      ),
    phases: z.array(PhaseSchema).min(1, { message: 'a plan needs at least one phase' }),
    integrationPoints: z.array(IntegrationPointSchema).default([]),
    executionCommands: z.string().optional(),
    successCriteria: z.array(ItemSchema).default([]),
    notes: z.string().optional(),
  })
  .strict();

export type Plan = z.infer<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;
export type Phase = z.infer<typeof PhaseSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type FileEntry = z.infer<typeof FileEntrySchema>;
export type CheckRef = z.infer<typeof CheckRefSchema>;
export type Item = z.infer<typeof ItemSchema>;
export type IntegrationPoint = z.infer<typeof IntegrationPointSchema>;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** JSON Schema (2020-12) of plan.yaml for editors; shipped as plan.schema.json. */
export function planJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PlanSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://unpkg.com/@nx-plan/plan/plan.schema.json', title: 'plan.yaml' };
}

export function allTasks(plan: Plan): Task[] {
  return plan.phases.flatMap((p) => p.tasks);
}
