import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ZipEntry, writeZip } from './zip-writer';

/**
 * Hand-written H2O GLM MOJOs for tests. H2O's own reader loads and scores a binomial GLM MOJO
 * written this way (formats.md), so tests can build valid MOJOs — and precisely broken ones —
 * without a JVM or an H2O cluster.
 *
 * Layout written (all at the zip root, as H2O requires):
 *   model.ini                       [info] / [columns] / [domains]
 *   domains/d000.txt ...            one level per line: categorical features first, response last
 *   experimental/modelDetails.json  training metrics (unless `modelDetails: false`)
 *
 * Example:
 *   writeGlmMojo(path.join(dir, 'model.zip'), {
 *     numericFeatures: ['age', 'income'],
 *     categoricalFeatures: [{ name: 'region', levels: ['north', 'south', 'east'] }],
 *     response: 'churn', responseDomain: ['no', 'yes'],
 *   });
 */
export interface GlmMojoOptions {
  /** Numeric feature columns, in order. Default ['x1', 'x2']. */
  numericFeatures?: string[];
  /** Categorical feature columns (they come first in [columns]). Default none. */
  categoricalFeatures?: Array<{ name: string; levels: string[] }>;
  /** Response column (last in [columns]). Default 'y'. */
  response?: string;
  /** Response levels; two for a binomial model. Default ['0', '1']. */
  responseDomain?: string[];
  /** H2O's use_all_factor_levels: every level gets a coefficient (else levels − 1). Default false. */
  useAllFactorLevels?: boolean;
  /** Write an exploded folder at targetPath instead of a zip. Default false. */
  exploded?: boolean;

  // ---- ways to break it -------------------------------------------------------------------
  /** Replace beta: numbers (written with a decimal point) or the raw text after `beta = `. */
  beta?: number[] | string;
  /** mojo_version value (raw text). Default '1.00'; GLM readers accept at most 1.00. */
  mojoVersion?: string;
  /** link value. Default 'logit'. */
  link?: string;
  /** family value. Default 'binomial'. */
  family?: string;
  /** n_columns value (raw text); default the real column count. */
  nColumns?: string;
  /** Extra [info] lines (raw `key = value`), appended after the generated ones. */
  extraInfo?: string[];
  /** Leave model.ini out entirely. */
  omitModelIni?: boolean;
  /** Leave these domain files out (e.g. ['d000.txt']). */
  omitDomainFiles?: string[];
  /** Replace the content of these domain files (file name → raw text). */
  domainFileContent?: Record<string, string>;
  /** Put every entry under this folder (`top/model.ini`): H2O cannot load such a zip. */
  topFolder?: string;
  /** experimental/modelDetails.json: an object (JSON), raw text, or false for none. Default: metrics. */
  modelDetails?: unknown;
  /** Last edit of the model.ini text before it is written. */
  editModelIni?: (text: string) => string;
  /** More entries to add (zip form) or files (exploded form). */
  extraEntries?: ZipEntry[];
}

export interface GlmMojoWritten {
  /** targetPath as given. */
  path: string;
  /** The model.ini text (also when omitted from the output). */
  modelIni: string;
  /** The entries written, in order. */
  entries: ZipEntry[];
  /** What a validator should report for the valid model. */
  expected: { features: string[]; response: string; responseDomain: string[]; betaLength: number };
}

/** Writes a binomial GLM MOJO (zip, or folder with `exploded`) at targetPath. */
export function writeGlmMojo(targetPath: string, options: GlmMojoOptions = {}): GlmMojoWritten {
  const built = glmMojoEntries(options);
  if (options.exploded) {
    mkdirSync(targetPath, { recursive: true });
    for (const entry of built.entries) {
      const target = path.join(targetPath, entry.name);
      if (entry.name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, entry.data ?? '');
    }
  } else {
    mkdirSync(path.dirname(targetPath), { recursive: true });
    writeZip(targetPath, built.entries);
  }
  return { path: targetPath, ...built };
}

/** The entries of the MOJO writeGlmMojo would write (for fuzzers and custom zips). */
export function glmMojoEntries(options: GlmMojoOptions = {}): Omit<GlmMojoWritten, 'path'> {
  const nums = options.numericFeatures ?? ['x1', 'x2'];
  const cats = options.categoricalFeatures ?? [];
  const response = options.response ?? 'y';
  const responseDomain = options.responseDomain ?? ['0', '1'];
  const useAll = options.useAllFactorLevels ?? false;

  const catOffsets = [0];
  for (const cat of cats) catOffsets.push(catOffsets[catOffsets.length - 1] + cat.levels.length - (useAll ? 0 : 1));
  const betaLength = catOffsets[catOffsets.length - 1] + nums.length + 1;
  const defaultBeta = Array.from({ length: betaLength }, (_, i) => (i === betaLength - 1 ? -0.5 : ((i % 2 ? -1 : 1) * (i + 1)) / 10));
  const beta = typeof options.beta === 'string' ? options.beta : javaArray(options.beta ?? defaultBeta);

  const columns = [...cats.map((c) => c.name), ...nums, response];
  const domains: Array<{ index: number; levels: string[] }> = [
    ...cats.map((c, index) => ({ index, levels: c.levels })),
    { index: columns.length - 1, levels: responseDomain },
  ];
  const domainFile = (i: number) => `d${String(i).padStart(3, '0')}.txt`;

  const info = [
    'h2o_version = 3.46.0.1',
    `mojo_version = ${options.mojoVersion ?? '1.00'}`,
    'license = Apache License Version 2.0',
    'algo = glm',
    'algorithm = Generalized Linear Modeling',
    'endianness = LITTLE_ENDIAN',
    'category = Binomial',
    'uuid = 4242424242424242424',
    'supervised = true',
    `n_features = ${columns.length - 1}`,
    `n_classes = ${responseDomain.length}`,
    `n_columns = ${options.nColumns ?? columns.length}`,
    `n_domains = ${domains.length}`,
    'balance_classes = false',
    'default_threshold = 0.5',
    'prior_class_distrib = null',
    'model_class_distrib = null',
    'timestamp = 2024-01-02T03:04:05.678Z',
    'escape_domain_values = true',
    `use_all_factor_levels = ${useAll}`,
    `cats = ${cats.length}`,
    `cat_offsets = [${catOffsets.join(', ')}]`,
    `cat_modes = [${cats.map(() => 0).join(', ')}]`,
    `nums = ${nums.length}`,
    `num_means = ${javaArray(nums.map(() => 0.5))}`,
    'mean_imputation = true',
    `beta = ${beta}`,
    `family = ${options.family ?? 'binomial'}`,
    `link = ${options.link ?? 'logit'}`,
    ...(options.extraInfo ?? []),
  ];
  let modelIni = [
    '[info]',
    ...info,
    '',
    '[columns]',
    ...columns,
    '',
    '[domains]',
    ...domains.map((d, i) => `${d.index}: ${d.levels.length} ${domainFile(i)}`),
    '',
  ].join('\n');
  if (options.editModelIni) modelIni = options.editModelIni(modelIni);

  const prefix = options.topFolder ? `${options.topFolder.replace(/\/+$/, '')}/` : '';
  const entries: ZipEntry[] = [];
  if (!options.omitModelIni) entries.push({ name: `${prefix}model.ini`, data: modelIni });
  domains.forEach((d, i) => {
    const file = domainFile(i);
    if (options.omitDomainFiles?.includes(file)) return;
    const content = options.domainFileContent?.[file] ?? d.levels.map((l) => `${l}\n`).join('');
    entries.push({ name: `${prefix}domains/${file}`, data: content });
  });
  const details = options.modelDetails === undefined ? defaultModelDetails(response) : options.modelDetails;
  if (details !== false) {
    entries.push({
      name: `${prefix}experimental/modelDetails.json`,
      data: typeof details === 'string' ? details : JSON.stringify(details, null, 2),
    });
  }
  entries.push(...(options.extraEntries ?? []));
  return { modelIni, entries, expected: { features: columns.slice(0, -1), response, responseDomain, betaLength } };
}

/** `[0.1, -0.2, 3.0]`: Java-style doubles, always with a decimal point (H2O types values by guessing). */
function javaArray(values: number[]): string {
  return `[${values.map((v) => (Number.isInteger(v) ? v.toFixed(1) : String(v))).join(', ')}]`;
}

function defaultModelDetails(response: string): unknown {
  const metrics = (auc: number) => ({
    model_category: 'Binomial',
    MSE: 0.16,
    RMSE: 0.4,
    r2: 0.31,
    logloss: 0.48,
    AUC: auc,
    pr_auc: 0.7,
    Gini: 2 * auc - 1,
    nobs: 380,
  });
  return {
    algo: 'glm',
    response_column_name: response,
    output: {
      model_category: 'Binomial',
      training_metrics: metrics(0.82),
      validation_metrics: metrics(0.79),
      cross_validation_metrics: null,
    },
  };
}
