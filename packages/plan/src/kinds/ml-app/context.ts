import { checkIdentifier, checkText, KEBAB_NAME, SNAKE_NAME } from '../../generators/utils/option-rules';

/**
 * The coherent starter domain of an ml-app plan: one table whose feature columns are exactly what
 * the pipeline produces, what training learns from, what the MOJO scores and what /predict
 * accepts. Every template renders from this one object, so the contracts hold by construction.
 */
export interface Feature {
  /** snake_case column / field name. */
  name: string;
  kind: 'numeric' | 'categorical';
  /** PostgreSQL column type in the table spec. */
  sqlType: 'integer' | 'double precision' | 'text';
  /** Python / pydantic type of the request field. */
  pyType: 'int' | 'float' | 'str';
  /** Allowed values for a categorical feature (the MOJO domain, a Literal in pydantic). */
  levels?: string[];
  /** A valid example value (used in docs, tests and sample data). */
  example: number | string;
  /** Inclusive bounds for numeric features (validation in the API and the pipeline). */
  min?: number;
  max?: number;
  description: string;
}

export interface MlAppContext {
  /** Plan and Nx project name (kebab-case). */
  name: string;
  /** Human title and the seed's {{ project_name }}. */
  projectName: string;
  projectDescription: string;
  functionalRequirements: string;
  nonFunctionalRequirements: string;
  constraints: string;
  additionalNotes: string;
  /** snake_case names from the seed's variables. */
  schemaName: string;
  pipelineName: string;
  modelName: string;
  /** The table the schema defines, the pipeline exports to and training reads. */
  table: string;
  /** Primary key column of the table. */
  idColumn: string;
  features: Feature[];
  target: { name: string; levels: [string, string]; description: string };
  /** Plan-relative paths. */
  paths: {
    schemaJson: string;
    schemaSql: string;
    pipelineDir: string;
    trainScript: string;
    mlConfig: string;
    model: string;
    trainingData: string;
  };
  /** Versions pinned in the generated files. */
  versions: { python: string; h2o: string; postgres: string };
}

export const STARTER_FEATURES: Feature[] = [
  {
    name: 'tenure_months',
    kind: 'numeric',
    sqlType: 'integer',
    pyType: 'int',
    example: 12,
    min: 0,
    max: 600,
    description: 'Months since the customer signed up',
  },
  {
    name: 'monthly_charges',
    kind: 'numeric',
    sqlType: 'double precision',
    pyType: 'float',
    example: 70.35,
    min: 0,
    max: 100000,
    description: 'Current monthly bill',
  },
  {
    name: 'support_calls',
    kind: 'numeric',
    sqlType: 'integer',
    pyType: 'int',
    example: 2,
    min: 0,
    max: 1000,
    description: 'Support calls in the last 90 days',
  },
  {
    name: 'contract_type',
    kind: 'categorical',
    sqlType: 'text',
    pyType: 'str',
    levels: ['month_to_month', 'one_year', 'two_year'],
    example: 'month_to_month',
    description: 'Contract length',
  },
];

export function snake(value: string): string {
  const s = value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(s) ? `m_${s}` : s;
}

export interface MlAppInput {
  name: string;
  projectName?: string;
  projectDescription?: string;
  functionalRequirements?: string;
  nonFunctionalRequirements?: string;
  constraints?: string;
  additionalNotes?: string;
  schemaName?: string;
  pipelineName?: string;
  modelName?: string;
}

/** How the user supplied each input, for error messages (option names by default). */
export type MlAppInputLabels = Record<keyof MlAppInput, string>;

export const OPTION_LABELS: MlAppInputLabels = {
  name: 'name',
  projectName: '--projectName',
  projectDescription: '--projectDescription',
  functionalRequirements: '--functionalRequirements',
  nonFunctionalRequirements: '--nonFunctionalRequirements',
  constraints: '--constraints',
  additionalNotes: '--additionalNotes',
  schemaName: '--schemaName',
  pipelineName: '--pipelineName',
  modelName: '--modelName',
};

/**
 * Every input that reaches a template is checked here, once, whichever generator built it:
 * names against strict identifier rules, text for what no generated file can carry (the rest of
 * the text is escaped by the templates).
 */
export function checkMlAppInput(input: MlAppInput, labels: MlAppInputLabels = OPTION_LABELS): void {
  checkIdentifier(labels.name, input.name, KEBAB_NAME);
  for (const key of ['schemaName', 'pipelineName', 'modelName'] as const) {
    const value = input[key];
    if (value !== undefined) checkIdentifier(labels[key], value, SNAKE_NAME);
  }
  if (input.projectName !== undefined) checkText(labels.projectName, input.projectName, { multiline: false, required: true });
  for (const key of [
    'projectDescription',
    'functionalRequirements',
    'nonFunctionalRequirements',
    'constraints',
    'additionalNotes',
  ] as const) {
    const value = input[key];
    if (value !== undefined) checkText(labels[key], value, { multiline: true });
  }
}

export function buildContext(input: MlAppInput, labels: MlAppInputLabels = OPTION_LABELS): MlAppContext {
  checkMlAppInput(input, labels);
  const base = snake(input.name);
  const schemaName = input.schemaName ?? base;
  const pipelineName = input.pipelineName ?? `${base}_etl`;
  const modelName = input.modelName ?? `${base}_model`;
  const title = input.projectName ?? input.name;
  return {
    name: input.name,
    projectName: title,
    projectDescription:
      input.projectDescription ??
      `${title}: predicts whether a customer will churn from account features, served by a FastAPI /predict endpoint backed by an H2O MOJO trained on data a Mage pipeline prepares.`,
    functionalRequirements:
      input.functionalRequirements ??
      'Score a customer through POST /predict; retrain from the warehouse table; health endpoint for orchestration',
    nonFunctionalRequirements:
      input.nonFunctionalRequirements ??
      'p95 latency under 100 ms per prediction; reproducible training (fixed seed); container runs as non-root',
    constraints: input.constraints ?? 'Python 3.11; PostgreSQL; H2O-3 <= 3.46.0.11 (MOJO export); FastAPI',
    additionalNotes:
      input.additionalNotes ?? 'Generated by `nx g plan:ml-app`. Train the model with `nx run <name>:train`, then `nx run-many -t verify`.',
    schemaName,
    pipelineName,
    modelName,
    table: schemaName,
    idColumn: 'customer_id',
    features: STARTER_FEATURES,
    target: { name: 'churned', levels: ['no', 'yes'], description: 'Whether the customer left within the period' },
    paths: {
      schemaJson: `schemas/${schemaName}.json`,
      schemaSql: `schemas/${schemaName}.sql`,
      pipelineDir: `pipelines/${pipelineName}`,
      trainScript: 'ml/train.py',
      mlConfig: 'ml/config.yaml',
      model: `models/${modelName}.zip`,
      trainingData: `data/${schemaName}.csv`,
    },
    versions: { python: '3.11', h2o: '3.46.0.11', postgres: '16' },
  };
}
