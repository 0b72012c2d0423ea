import { Archive } from './archive';
import { CATEGORIES, GLM_FAMILIES, GLM_LINKS, algorithmInfo, knownAlgorithmNames } from './algorithms';
import { countDomainLevels } from './domains';
import { IniValue, JavaValue, ModelIni, javaType, parseModelIni } from './ini';
import { extractMetrics, Metrics } from './metrics';
import { Reporter } from './report';

/** What the check reports about one MOJO (and, for Stacked Ensembles, each nested one). */
export interface ModelMetadata {
  /** Folder of a nested model inside the MOJO ('' for the top model). */
  dir: string;
  algorithm: string | null;
  algo: string | null;
  category: string | null;
  h2o_version: string | null;
  mojo_version: string | null;
  features: string[];
  response: string | null;
  response_domain: string[] | null;
  n_classes: number | null;
  n_trees: number | null;
  timestamp: string | null;
  uuid: string | null;
  metrics?: Metrics;
  submodels?: ModelMetadata[];
}

const MAX_NESTING = 4;

interface Ctx {
  archive: Archive;
  report: Reporter;
  /** Entry-name prefix of this model ('' or 'models/GLM/x/'). */
  dir: string;
  depth: number;
}

/**
 * Validates the model stored at `dir` inside the archive against what H2O's reader demands, and
 * returns its metadata (undefined when there is no model.ini to read).
 */
export function validateModel(archive: Archive, report: Reporter, dir = '', depth = 0): ModelMetadata | undefined {
  const ctx: Ctx = { archive, report, dir, depth };
  const iniName = `${dir}model.ini`;
  if (!archive.files.has(iniName)) {
    reportMissingModelIni(ctx, iniName);
    return undefined;
  }
  const text = readText(ctx, iniName);
  if (text === undefined) return undefined;
  const ini = parseModelIni(text);
  for (const p of ini.problems) report.add(p.rule, p.severity, p.message, { entry: iniName, line: p.line, column: p.column });

  const v = new Values(ctx, ini, iniName);
  const algorithm = v.raw('algorithm');
  const category = v.string('category');
  for (const key of [
    'algorithm',
    'category',
    'supervised',
    'n_features',
    'n_classes',
    'n_columns',
    'balance_classes',
    'default_threshold',
    'mojo_version',
  ]) {
    if (!ini.info.has(key)) {
      report.error(
        'mojo/missing-key',
        `Required key \`${key}\` is missing from [info]; H2O fails to load the model without it. Add it (see a model.ini written by H2O).`,
        { entry: iniName },
      );
    }
  }
  if (!ini.columns)
    report.error(
      'mojo/missing-section',
      'No [columns] section: H2O fails with a NullPointerException. Add [columns] with one column name per line, response last.',
      { entry: iniName },
    );
  if (!ini.domains)
    report.error(
      'mojo/missing-section',
      'No [domains] section: H2O fails with a NullPointerException. Add a [domains] header (even when there are no categorical columns).',
      { entry: iniName },
    );

  const supervised = v.typed('supervised', ['boolean']);
  v.typed('balance_classes', ['boolean']);
  v.typed('n_features', ['int']);
  const nClasses = v.typed('n_classes', ['int']);
  v.typed('default_threshold', ['double'], 'write it with a decimal point, e.g. 0.5 or 1.0');
  v.typed('prior_class_distrib', ['double[]', 'null'], 'write every value with a decimal point');
  v.typed('model_class_distrib', ['double[]', 'null'], 'write every value with a decimal point');
  const mojoVersion = v.typed('mojo_version', ['int', 'double']);

  const info = algorithm !== undefined ? algorithmInfo(algorithm) : undefined;
  if (algorithm !== undefined && !info) {
    const at = ini.info.get('algorithm') as IniValue;
    report.error(
      'mojo/unknown-algorithm',
      `Unknown algorithm ${JSON.stringify(algorithm)}: H2O fails with "Unsupported MOJO algorithm". Use the long name H2O writes, one of: ${knownAlgorithmNames().join(', ')}.`,
      { entry: iniName, line: at.line, column: at.column },
    );
  }
  if (category !== undefined && !CATEGORIES.has(category)) {
    const at = ini.info.get('category') as IniValue;
    report.error(
      'mojo/unknown-category',
      `Unknown category ${JSON.stringify(category)}: H2O's ModelCategory.valueOf fails. Use one of ${[...CATEGORIES].join(', ')}.`,
      { entry: iniName, line: at.line, column: at.column },
    );
  }
  const tooNew =
    !!info && !!mojoVersion && (mojoVersion.type === 'int' || mojoVersion.type === 'double') && mojoVersion.value > info.maxVersion + 1e-9;
  if (tooNew) {
    const at = ini.info.get('mojo_version') as IniValue;
    report.error(
      'mojo/mojo-version',
      `mojo_version ${at.raw} is higher than the ${info.maxVersion.toFixed(2)} that ${algorithm} readers accept: H2O fails with "MOJO version incompatibility". Export the MOJO with the H2O version that will score it, or upgrade h2o-genmodel.`,
      { entry: iniName, line: at.line, column: at.column },
    );
  }

  // Columns, response and domains.
  const columns = (ini.columns ?? []).map((c) => c.name);
  if (ini.columns && ini.declaredColumns !== undefined && columns.length < ini.declaredColumns) {
    report.error(
      'mojo/n-columns',
      `n_columns = ${ini.declaredColumns} but [columns] lists ${columns.length} names: H2O leaves the missing ones null and the response is lost. Make n_columns equal to the number of column lines.`,
      { entry: iniName, line: ini.columnsLine, column: 1 },
    );
  }
  const isSupervised = supervised?.type === 'boolean' ? supervised.value : true;
  const response = isSupervised && columns.length > 0 ? columns[columns.length - 1] : null;
  const features = isSupervised ? columns.slice(0, -1) : columns;
  const domains = checkDomains(ctx, ini, iniName, columns.length);
  let responseDomain = response !== null ? (domains.get(columns.length - 1) ?? null) : null;

  const nFeatures = v.peekInt('n_features');
  if (nFeatures !== undefined && ini.columns && nFeatures !== features.length) {
    const at = ini.info.get('n_features') as IniValue;
    report.warn(
      'mojo/n-features',
      `n_features = ${nFeatures} but [columns] has ${features.length} feature columns${isSupervised ? ' (all but the last, the response)' : ''}. Check that the column list is complete.`,
      { entry: iniName, line: at.line, column: at.column },
    );
  }
  const classes = nClasses?.type === 'int' ? nClasses.value : undefined;
  if (category === 'Binomial' && classes !== undefined && classes !== 2) {
    const at = ini.info.get('n_classes') as IniValue;
    report.error('mojo/n-classes', `category Binomial needs n_classes = 2, found ${classes}. Fix n_classes or the category.`, {
      entry: iniName,
      line: at.line,
      column: at.column,
    });
  }
  // Per-algorithm content (nested ensemble models first: they may supply the response domain).
  let nTrees: number | null = null;
  let submodels: ModelMetadata[] | undefined;
  if (info?.family === 'ensemble') {
    submodels = checkEnsemble(ctx, v, iniName, columns);
    // H2O's Stacked Ensemble writer indexes the response domain by the training frame, so it is
    // often ignored (out of range); the base models carry it.
    responseDomain ??= submodels.find((m) => m.response === response && m.response_domain)?.response_domain ?? null;
  }
  if ((category === 'Binomial' || category === 'Multinomial' || category === 'Ordinal') && response !== null && ini.domains) {
    if (!responseDomain) {
      report.warn(
        'mojo/response-domain',
        `category ${category} but the response column ${JSON.stringify(response)} has no domain in [domains]: scoring cannot name the predicted classes. Add \`${columns.length - 1}: <n_classes> <file>\`.`,
        { entry: iniName, line: ini.domainsLine, column: 1 },
      );
    } else if (classes !== undefined && responseDomain.length !== classes) {
      report.error(
        'mojo/n-classes',
        `n_classes = ${classes} but the response domain has ${responseDomain.length} levels. Make them agree.`,
        { entry: iniName, line: ini.info.get('n_classes')?.line, column: 1 },
      );
    }
  }

  if (info?.family === 'glm') checkGlm(ctx, v, ini, iniName, columns, domains, classes);
  if (info?.family === 'tree') nTrees = checkTrees(ctx, v, iniName, tooNew ? undefined : mojoVersion, classes);
  if (info?.family === 'xgboost') nTrees = checkXgboost(ctx, v);

  const metadata: ModelMetadata = {
    dir,
    algorithm: algorithm ?? null,
    algo: v.raw('algo') ?? null,
    category: category ?? null,
    h2o_version: v.raw('h2o_version') ?? null,
    mojo_version: v.raw('mojo_version') ?? null,
    features,
    response,
    response_domain: responseDomain,
    n_classes: classes ?? null,
    n_trees: nTrees,
    timestamp: v.raw('timestamp') ?? null,
    uuid: v.raw('uuid') ?? null,
  };
  const metrics = readMetrics(ctx);
  if (metrics) metadata.metrics = metrics;
  if (submodels) metadata.submodels = submodels;
  return metadata;
}

/** Typed access to [info] values that reports type errors at the value's position. */
class Values {
  constructor(
    private readonly ctx: Ctx,
    private readonly ini: ModelIni,
    private readonly iniName: string,
  ) {}

  raw(key: string): string | undefined {
    return this.ini.info.get(key)?.raw;
  }

  at(key: string): { entry: string; line?: number; column?: number } {
    const value = this.ini.info.get(key);
    return { entry: this.iniName, line: value?.line, column: value?.column };
  }

  string(key: string): string | undefined {
    const value = this.ini.info.get(key);
    if (!value) return undefined;
    const typed = javaType(value.raw);
    if (typed.type !== 'string') {
      this.ctx.report.error(
        'mojo/value-type',
        `${key} = ${value.raw} is read as ${typed.type}, not text; H2O fails to load it. Give the expected text value.`,
        this.at(key),
      );
      return undefined;
    }
    return typed.value;
  }

  /** The typed value when its type is one of `allowed`; reports and returns undefined otherwise. */
  typed(key: string, allowed: JavaValue['type'][], hint?: string): JavaValue | undefined {
    const value = this.ini.info.get(key);
    if (!value) return undefined;
    const typed = javaType(value.raw);
    if (!allowed.includes(typed.type)) {
      const want = allowed.filter((t) => t !== 'null').join(' or ');
      this.ctx.report.error(
        'mojo/value-type',
        `${key} = ${clip(value.raw)} is read as ${typed.type} but H2O expects ${want} and fails to load (ClassCastException)${hint ? `: ${hint}` : '.'}`,
        this.at(key),
      );
      return undefined;
    }
    return typed;
  }

  peekInt(key: string): number | undefined {
    const value = this.ini.info.get(key);
    if (!value) return undefined;
    const typed = javaType(value.raw);
    return typed.type === 'int' ? typed.value : undefined;
  }
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function readText(ctx: Ctx, name: string): string | undefined {
  const content = ctx.archive.contents.get(name);
  if (content) return content.toString('utf8');
  if (!ctx.archive.unreadable.has(name)) {
    ctx.report.error(
      'mojo/entry-too-large',
      `${name} is too large to validate (over 64 MiB of text). H2O never writes such a file; check the MOJO's origin.`,
      { entry: name },
    );
  }
  return undefined;
}

function reportMissingModelIni(ctx: Ctx, iniName: string): void {
  const { archive, report, dir } = ctx;
  if (dir === '') {
    const nested = [...archive.files.keys()].filter((name) => /^[^/]+\/model\.ini$/.test(name));
    if (nested.length > 0) {
      const folder = nested[0].slice(0, nested[0].indexOf('/') + 1);
      report.error(
        'mojo/nested-root',
        `model.ini sits under ${folder} instead of at the ${archive.kind === 'zip' ? 'zip' : 'folder'} root: H2O looks for model.ini at the root and fails to load. Re-zip from inside the folder (cd ${folder} && zip -r ../model.zip .).`,
      );
      return;
    }
    report.error(
      'mojo/missing-model-ini',
      `No model.ini at the ${archive.kind === 'zip' ? 'zip' : 'folder'} root: this is not an H2O MOJO (H2O fails to load it). Export the model with model.download_mojo() / model.save_mojo().`,
    );
    return;
  }
  report.error(
    'mojo/ensemble-submodel',
    `Nested model ${dir} has no model.ini: H2O cannot load the ensemble. Re-export the Stacked Ensemble MOJO.`,
  );
}

/** [domains]: every file present under domains/ with exactly the declared number of levels. */
function checkDomains(ctx: Ctx, ini: ModelIni, iniName: string, nColumns: number): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const spec of ini.domains ?? []) {
    const at = { entry: iniName, line: spec.line, column: spec.column };
    if (spec.columnIndex >= nColumns) {
      // H2O skips these (a leftover response domain); they are harmless but worth a look.
      ctx.report.add(
        'mojo/domain-index',
        'info',
        `[domains] entry for column ${spec.columnIndex} but there are only ${nColumns} columns: H2O ignores it. Remove it or fix the index.`,
        at,
      );
      continue;
    }
    const file = `${ctx.dir}domains/${spec.file}`;
    if (!ctx.archive.files.has(file)) {
      ctx.report.error(
        'mojo/domain-file',
        `Domain file ${file} for column ${spec.columnIndex} is missing: H2O fails to load. Add it with one level per line (${spec.levels} lines).`,
        at,
      );
      continue;
    }
    const text = readText(ctx, file);
    if (text === undefined) continue;
    const counted = countDomainLevels(text);
    if (counted.unterminatedQuote) {
      ctx.report.error(
        'mojo/domain-lines',
        `Domain file ${file} opens a quote that is never closed: H2O's reader never finishes reading it. Close the quote or escape it as "".`,
        at,
      );
      continue;
    }
    if (counted.levels !== spec.levels) {
      const crlf = counted.hasCarriageReturn && counted.lineLevels === spec.levels;
      ctx.report.error(
        'mojo/domain-lines',
        crlf
          ? `Domain file ${file} uses CRLF line endings: current H2O readers count an empty level after each \\r (${counted.levels} levels instead of ${spec.levels}) and fail. Convert it to LF line endings.`
          : `Domain file ${file} has ${counted.levels} levels but [domains] declares ${spec.levels}: H2O fails to load. Make the file hold exactly ${spec.levels} lines, one level each, or fix the count.`,
        at,
      );
      continue;
    }
    const levels = text.split(/\r\n|\r|\n/);
    if (levels.length > spec.levels) levels.length = spec.levels;
    found.set(spec.columnIndex, levels);
  }
  return found;
}

function checkGlm(
  ctx: Ctx,
  v: Values,
  ini: ModelIni,
  iniName: string,
  columns: string[],
  domains: Map<number, string[]>,
  nClasses: number | undefined,
): void {
  const { report } = ctx;
  const family = v.string('family');
  if (!ini.info.has('family'))
    report.error('mojo/glm-family', 'GLM model.ini has no `family`: H2O cannot score it. Add e.g. `family = binomial`.', {
      entry: iniName,
    });
  else if (family !== undefined && !GLM_FAMILIES.has(family))
    report.error(
      'mojo/glm-family',
      `Unknown GLM family ${JSON.stringify(family)}. Use one of ${[...GLM_FAMILIES].join(', ')}.`,
      v.at('family'),
    );
  const perClass = family === 'multinomial' || family === 'ordinal';
  if (!perClass) {
    const link = v.string('link');
    if (!ini.info.has('link'))
      report.error(
        'mojo/glm-link',
        'GLM model.ini has no `link`: H2O cannot score it. Add e.g. `link = logit` (binomial) or `link = identity` (gaussian).',
        { entry: iniName },
      );
    else if (link !== undefined && !GLM_LINKS.has(link))
      report.error('mojo/glm-link', `Unknown GLM link ${JSON.stringify(link)}. Use one of ${[...GLM_LINKS].join(', ')}.`, v.at('link'));
    if (link === 'tweedie') v.typed('tweedie_link_power', ['double', 'null'], 'write it with a decimal point');
  }
  const useAll = v.typed('use_all_factor_levels', ['boolean', 'null']);
  const cats = v.typed('cats', ['int']);
  const nums = v.typed('nums', ['int']);
  const offsets = v.typed('cat_offsets', ['int[]']);
  v.typed('num_means', ['double[]', 'int[]', 'null']);
  const beta = v.typed('beta', ['double[]'], 'every coefficient needs a decimal point (0.0, not 0)');
  if (!ini.info.has('beta'))
    report.error('mojo/glm-beta', 'GLM model.ini has no `beta` (the coefficients): H2O cannot score it. Add the coefficient array.', {
      entry: iniName,
    });
  if (!cats || cats.type !== 'int' || !nums || nums.type !== 'int') {
    if (!ini.info.has('cats') || !ini.info.has('nums'))
      report.error(
        'mojo/glm-beta',
        'GLM model.ini needs `cats` and `nums` (counts of categorical and numeric columns) to lay out beta. Add them.',
        { entry: iniName },
      );
    return;
  }
  const nFeatures = columns.length - 1;
  if (cats.value + nums.value !== nFeatures && columns.length > 0) {
    report.warn(
      'mojo/glm-columns',
      `cats (${cats.value}) + nums (${nums.value}) = ${cats.value + nums.value} but [columns] has ${nFeatures} feature columns. Check the column list.`,
      v.at('nums'),
    );
  }
  if (!offsets || offsets.type !== 'int[]') {
    if (!ini.info.has('cat_offsets'))
      report.error('mojo/glm-beta', 'GLM model.ini has no `cat_offsets`. Add `cat_offsets = [0, ...]` (cats + 1 values).', {
        entry: iniName,
      });
    return;
  }
  const off = offsets.value;
  if (off.length !== cats.value + 1 || off[0] !== 0 || off.some((x, i) => i > 0 && x < off[i - 1])) {
    report.error(
      'mojo/glm-beta',
      `cat_offsets ${clip(ini.info.get('cat_offsets')?.raw ?? '')} must hold cats + 1 = ${cats.value + 1} non-decreasing values starting at 0. Fix cat_offsets.`,
      v.at('cat_offsets'),
    );
    return;
  }
  const dropFirst = useAll?.type === 'boolean' && useAll.value ? 0 : 1;
  for (let c = 0; c < cats.value && c < columns.length - 1; c++) {
    const domain = domains.get(c);
    if (!domain) {
      report.error(
        'mojo/glm-columns',
        `GLM categorical column ${c} (${columns[c]}) has no domain in [domains]: categorical columns come first and each needs its levels. Add its domain file.`,
        v.at('cats'),
      );
      continue;
    }
    const expected = domain.length - dropFirst;
    if (off[c + 1] - off[c] !== expected) {
      report.error(
        'mojo/glm-beta',
        `cat_offsets gives column ${columns[c]} ${off[c + 1] - off[c]} coefficients but its ${domain.length} levels need ${expected} (use_all_factor_levels = ${dropFirst ? 'false' : 'true'}). Fix cat_offsets and beta.`,
        v.at('cat_offsets'),
      );
    }
  }
  if (!beta || beta.type !== 'double[]') return;
  const perClassLength = off[off.length - 1] + nums.value + 1;
  const k = perClass ? (nClasses ?? 1) : 1;
  const expected = perClassLength * k;
  if (beta.value.length !== expected) {
    const layout = `${off[off.length - 1]} categorical + ${nums.value} numeric + 1 intercept${k > 1 ? `, times ${k} classes` : ''}`;
    report.error(
      'mojo/glm-beta',
      `beta has ${beta.value.length} coefficients but the model needs ${expected} (${layout}). ${beta.value.length < expected ? 'H2O would load it and score wrongly.' : 'H2O would read the wrong coefficients.'} Re-export the model or fix beta.`,
      v.at('beta'),
    );
  }
  if (beta.value.some((b) => !Number.isFinite(b)))
    report.warn(
      'mojo/glm-beta',
      'beta holds NaN or Infinity: every prediction will be NaN. Re-train or fix the coefficient.',
      v.at('beta'),
    );
}

function checkTrees(ctx: Ctx, v: Values, iniName: string, mojoVersion: JavaValue | undefined, nClasses: number | undefined): number | null {
  const { report, archive, dir } = ctx;
  const nTrees = v.typed('n_trees', ['int']);
  if (!v.raw('n_trees')) {
    report.error('mojo/tree-files', 'Tree model without `n_trees`: H2O cannot know how many trees to read. Add `n_trees = <count>`.', {
      entry: iniName,
    });
    return null;
  }
  if (!nTrees || nTrees.type !== 'int') return null;
  const version = mojoVersion && (mojoVersion.type === 'int' || mojoVersion.type === 'double') ? mojoVersion.value : 1.0;
  if (version >= 1.4 - 1e-9 && v.raw('_genmodel_encoding') === undefined) {
    report.error(
      'mojo/missing-key',
      'mojo_version 1.40+ tree models need `_genmodel_encoding` (e.g. AUTO): H2O fails with a NullPointerException. Add it.',
      { entry: iniName },
    );
  }
  let perClass: number;
  const tpc = v.typed('n_trees_per_class', ['int', 'null']);
  if (tpc?.type === 'int') perClass = tpc.value;
  else {
    const bdt = v.typed('binomial_double_trees', ['boolean', 'null']);
    perClass = nClasses === 2 && !(bdt?.type === 'boolean' && bdt.value) ? 1 : (nClasses ?? 1);
  }
  const missing: string[] = [];
  const missingAux: string[] = [];
  let present = 0;
  for (let t = 0; t < nTrees.value; t++) {
    for (let c = 0; c < perClass; c++) {
      const base = `${dir}trees/t${String(c).padStart(2, '0')}_${String(t).padStart(3, '0')}`;
      if (!archive.files.has(`${base}.bin`)) {
        missing.push(`${base}.bin`);
        continue;
      }
      present++;
      if (version > 1.0 && !archive.files.has(`${base}_aux.bin`)) missingAux.push(`${base}_aux.bin`);
    }
  }
  const list = (names: string[]) => `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
  if (nTrees.value > 0 && present === 0) {
    report.error(
      'mojo/tree-files',
      `n_trees = ${nTrees.value} (${perClass} per class) but none of the tree files exist (first expected: ${missing[0]}). Re-export the MOJO.`,
      v.at('n_trees'),
    );
  } else if (missing.length > 0) {
    report.warn(
      'mojo/tree-files',
      `${missing.length} of ${nTrees.value * perClass} tree files are missing (${list(missing)}); H2O skips them, so predictions lack those trees. Re-export the MOJO if that is unexpected.`,
      v.at('n_trees'),
    );
  }
  if (missingAux.length > 0) {
    report.error(
      'mojo/tree-files',
      `${missingAux.length} auxiliary tree files are missing (${list(missingAux)}): mojo_version ${v.raw('mojo_version')} readers load trees/*_aux.bin next to each tree and fail without it. Re-export the MOJO.`,
      v.at('n_trees'),
    );
  }
  return nTrees.value;
}

function checkXgboost(ctx: Ctx, v: Values): number | null {
  const name = `${ctx.dir}boosterBytes`;
  const file = ctx.archive.files.get(name);
  if (!file)
    ctx.report.error(
      'mojo/xgboost-booster',
      `XGBoost MOJO without ${name} (the serialized booster): H2O fails to load it. Re-export the MOJO.`,
      { entry: `${ctx.dir}model.ini` },
    );
  else if (file.size === 0)
    ctx.report.error('mojo/xgboost-booster', `${name} is empty: there is no booster to score with. Re-export the MOJO.`, { entry: name });
  const ntrees = v.typed('ntrees', ['int', 'null']);
  return ntrees?.type === 'int' ? ntrees.value : null;
}

function checkEnsemble(ctx: Ctx, v: Values, iniName: string, columns: string[]): ModelMetadata[] {
  const { report } = ctx;
  const submodels: ModelMetadata[] = [];
  const count = v.typed('submodel_count', ['int']);
  if (!v.raw('submodel_count')) {
    report.error(
      'mojo/ensemble-submodel',
      'Stacked Ensemble without `submodel_count`: H2O cannot find its base models and metalearner. Re-export the MOJO.',
      { entry: iniName },
    );
    return submodels;
  }
  if (!count || count.type !== 'int') return submodels;
  if (ctx.depth >= MAX_NESTING) {
    report.error(
      'mojo/ensemble-submodel',
      `Models nested more than ${MAX_NESTING} levels deep; not followed further. H2O never writes this.`,
      v.at('submodel_count'),
    );
    return submodels;
  }
  const keys = new Set<string>();
  for (let i = 0; i < count.value; i++) {
    const key = v.raw(`submodel_key_${i}`);
    const subdir = v.raw(`submodel_dir_${i}`);
    if (key === undefined || subdir === undefined) {
      report.error(
        'mojo/ensemble-submodel',
        `submodel_count = ${count.value} but submodel_key_${i} / submodel_dir_${i} is missing: H2O fails to load the ensemble. Re-export the MOJO.`,
        v.at('submodel_count'),
      );
      continue;
    }
    keys.add(key);
    const nestedDir = `${ctx.dir}${subdir.endsWith('/') ? subdir : `${subdir}/`}`;
    const meta = validateModel(ctx.archive, ctx.report, nestedDir, ctx.depth + 1);
    if (!meta) continue;
    submodels.push(meta);
  }
  const metalearner = v.raw('metalearner');
  if (metalearner === undefined)
    report.error(
      'mojo/ensemble-submodel',
      'Stacked Ensemble without `metalearner`: H2O cannot combine the base models. Re-export the MOJO.',
      { entry: iniName },
    );
  else if (!keys.has(metalearner))
    report.error(
      'mojo/ensemble-submodel',
      `metalearner ${metalearner} is not one of the submodel keys: H2O fails to load. Re-export the MOJO.`,
      v.at('metalearner'),
    );
  const baseCount = v.typed('base_models_num', ['int', 'null']);
  const n = baseCount?.type === 'int' ? baseCount.value : 0;
  for (let i = 0; i < n; i++) {
    const key = v.raw(`base_model${i}`);
    if (key === undefined) continue; // models the ensemble does not use are left out
    if (!keys.has(key))
      report.error(
        'mojo/ensemble-submodel',
        `base_model${i} = ${key} is not one of the submodel keys: H2O fails to load. Re-export the MOJO.`,
        v.at(`base_model${i}`),
      );
    const sub = submodels.find((m) => m.dir.endsWith(`/${key}/`));
    if (sub) {
      const missingColumns = columns.filter((c) => !sub.features.includes(c) && c !== sub.response);
      if (missingColumns.length > 0)
        report.warn(
          'mojo/ensemble-submodel',
          `Base model ${key} lacks input column(s) ${missingColumns.join(', ')} of the ensemble: H2O cannot map the ensemble's columns onto it.`,
          v.at(`base_model${i}`),
        );
    }
  }
  return submodels;
}

function readMetrics(ctx: Ctx): Metrics | undefined {
  const name = `${ctx.dir}experimental/modelDetails.json`;
  if (!ctx.archive.files.has(name)) return undefined;
  const content = ctx.archive.contents.get(name);
  if (!content) return undefined;
  const { metrics, problem } = extractMetrics(content.toString('utf8'));
  if (problem) {
    ctx.report.warn(
      'mojo/model-details',
      `Not usable: ${problem}. H2O still loads the model, but its metrics are unavailable. Re-export the MOJO to restore them.`,
      { entry: name },
    );
    return undefined;
  }
  return metrics && Object.keys(metrics).length > 0 ? metrics : undefined;
}
