/**
 * Metrics from experimental/modelDetails.json (`output.training_metrics`, `validation_metrics`,
 * `cross_validation_metrics`). H2O loads a MOJO whatever this file holds, so garbage here is a
 * warning, never an error.
 */
const METRIC_KEYS = [
  'AUC',
  'pr_auc',
  'Gini',
  'logloss',
  'MSE',
  'RMSE',
  'r2',
  'mae',
  'rmsle',
  'mean_residual_deviance',
  'mean_per_class_error',
  'residual_deviance',
  'null_deviance',
  'AIC',
  'nobs',
];
const SETS: Array<[string, string]> = [
  ['training_metrics', 'training'],
  ['validation_metrics', 'validation'],
  ['cross_validation_metrics', 'cross_validation'],
];

export type Metrics = Record<string, Record<string, number>>;

export function extractMetrics(text: string): { metrics?: Metrics; problem?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const output = isObject(json) ? json.output : undefined;
  if (!isObject(output)) return { problem: 'no "output" object' };
  const metrics: Metrics = {};
  for (const [key, name] of SETS) {
    const set = output[key];
    if (!isObject(set)) continue;
    const picked: Record<string, number> = {};
    for (const metric of METRIC_KEYS) {
      const value = set[metric];
      if (typeof value === 'number' && Number.isFinite(value)) picked[metric] = value;
    }
    if (Object.keys(picked).length > 0) metrics[name] = picked;
  }
  return { metrics };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
