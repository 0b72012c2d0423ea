/**
 * The algorithms H2O's MOJO readers know (the `algorithm` key, long names), the reader family the
 * validator applies, and the highest mojo_version each reader accepts (a higher one fails with
 * "MOJO version incompatibility").
 */
export type AlgorithmFamily = 'tree' | 'glm' | 'xgboost' | 'ensemble' | 'other';

export interface AlgorithmInfo {
  family: AlgorithmFamily;
  maxVersion: number;
}

const TABLE: Array<[string[], AlgorithmFamily, number]> = [
  [['Gradient Boosting Machine', 'Gradient Boosting Method'], 'tree', 1.4],
  [['Distributed Random Forest'], 'tree', 1.4],
  [['Isolation Forest'], 'tree', 1.4],
  [['Uplift Distributed Random Forest'], 'tree', 1.4],
  [['XGBoost'], 'xgboost', 1.1],
  [['Deep Learning', 'deep learning'], 'other', 1.1],
  [['Generalized Low Rank Modeling', 'Generalized Low Rank Model'], 'other', 1.1],
  [['Stacked Ensemble', 'StackedEnsemble'], 'ensemble', 1.01],
  [['Generalized Linear Modeling', 'Generalized Linear Model'], 'glm', 1.0],
  [['Generalized Additive Model'], 'other', 1.0],
  [['K-means', 'K-Means'], 'other', 1.0],
  [['Principal Components Analysis', 'Principal Component Analysis'], 'other', 1.0],
  [['Cox Proportional Hazards', 'CoxPH'], 'other', 1.0],
  [['Extended Isolation Forest'], 'other', 1.0],
  [['Word2Vec'], 'other', 1.0],
  [['Support Vector Machine (*Spark*)', 'PSVM'], 'other', 1.0],
  [['TargetEncoder', 'Target Encoder'], 'other', 1.0],
  [['RuleFit'], 'other', 1.0],
  [['Isotonic Regression'], 'other', 1.0],
  [['KLime', 'k-LIME'], 'other', 1.0],
  [['MOJO Pipeline'], 'other', 1.0],
  [['Deep Water'], 'other', 1.0],
];

const BY_NAME = new Map<string, AlgorithmInfo>();
for (const [names, family, maxVersion] of TABLE) for (const name of names) BY_NAME.set(name, { family, maxVersion });

export function algorithmInfo(name: string): AlgorithmInfo | undefined {
  return BY_NAME.get(name);
}

export function knownAlgorithmNames(): string[] {
  return TABLE.map(([names]) => names[0]);
}

/** hex.ModelCategory values (the `category` key is read with ModelCategory.valueOf). */
export const CATEGORIES = new Set([
  'Unknown',
  'Binomial',
  'Multinomial',
  'Ordinal',
  'Regression',
  'HGLMRegression',
  'Clustering',
  'AutoEncoder',
  'TargetEncoder',
  'DimReduction',
  'WordEmbedding',
  'CoxPH',
  'AnomalyDetection',
  'KLime',
  'BinomialUplift',
]);

export const GLM_LINKS = new Set([
  'family_default',
  'identity',
  'logit',
  'log',
  'inverse',
  'tweedie',
  'multinomial',
  'ologit',
  'oprobit',
  'ologlog',
]);
export const GLM_FAMILIES = new Set([
  'AUTO',
  'gaussian',
  'binomial',
  'fractionalbinomial',
  'quasibinomial',
  'ordinal',
  'multinomial',
  'poisson',
  'gamma',
  'tweedie',
  'negativebinomial',
]);
