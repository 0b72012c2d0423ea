import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Inputs shared by the validate-ml-config and ml-contracts specs and fuzzers: the ml/config.yaml of
 * the format contract, a matching table spec, request model and exporter. Tests edit the texts and
 * find expected positions with `posOf`, so an assertion names the line where the text really is.
 */
export const CONFIG_YAML = `version: 1
data:
  table: churn                    # the table schemas/<schema>.json defines and the pipeline exports
  train_path: data/churn.csv      # file the training script imports (plan-relative)
  target: churned
  features: [tenure_months, monthly_charges, support_calls, contract_type]
  categorical: [contract_type]    # subset of features
  ignored: [customer_id]
  problem_type: binary_classification   # binary_classification | multiclass_classification | regression
  split: { train: 0.7, valid: 0.15, test: 0.15 }   # sums to 1
  seed: 42
h2o: { nthreads: -1, max_mem_size: 4G }
training:
  algorithm: glm                  # glm | gbm | drf | xgboost | automl
  params: { family: binomial, lambda_search: true }   # passed to the estimator
  automl: { max_models: 10, max_runtime_secs: 300, sort_metric: AUC }   # used when algorithm = automl
export:
  mojo_path: models/churn_model.zip      # MUST equal the mojo task's file in plan.yaml
  leaderboard_path: models/leaderboard.csv
  metrics_path: models/metrics.json
thresholds: { auc_min: 0.70 }     # metric name with _min/_max suffix → gate
`;

export const FEATURES = ['tenure_months', 'monthly_charges', 'support_calls', 'contract_type'];

export function tableSpec(overrides: { tableName?: string; contractType?: string; dropColumn?: string } = {}): Record<string, unknown> {
  const columns = [
    { name: 'customer_id', type: 'bigint', nullable: false },
    { name: 'tenure_months', type: 'integer', nullable: false },
    { name: 'monthly_charges', type: 'numeric(10,2)', nullable: false },
    { name: 'support_calls', type: 'integer', nullable: false },
    { name: 'contract_type', type: overrides.contractType ?? 'contract_kind', nullable: false },
    { name: 'churned', type: 'boolean', nullable: false },
  ].filter((c) => c.name !== overrides.dropColumn);
  return {
    version: 1,
    dialect: 'postgresql',
    enums: [{ name: 'contract_kind', values: ['month-to-month', 'one_year', 'two_year'] }],
    tables: [{ name: overrides.tableName ?? 'churn', columns, primaryKey: ['customer_id'] }],
  };
}

export const PREDICTION_PY = `from pydantic import BaseModel, Field


class PredictionRequest(BaseModel):
    """One customer to score."""

    tenure_months: int = Field(..., ge=0)
    monthly_charges: float
    support_calls: int
    contract_type: str


class PredictionResponse(BaseModel):
    churned: bool
    probability: float
`;

export const EXPORTER_PY = `if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter

TABLE_NAME = 'churn'


@data_exporter
def export_data(df, *args, **kwargs) -> None:
    df.to_sql(TABLE_NAME, kwargs['engine'], if_exists='replace', index=False)
`;

/** 1-based line and column of the `occurrence`-th `needle` in `text` (throws when absent: a test bug). */
export function posOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not in text`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

export function write(dir: string, relative: string, content: string | Buffer): string {
  const target = path.join(dir, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  return relative;
}
