import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckDefinition, CheckUsageError, Finding, resultOf } from '../contract';
import { Archive } from './archive';
import { readFolderArchive } from './folder-source';
import { loadWithGenmodel } from './genmodel';
import { DEFAULT_LIMITS, limitsFrom } from './limits';
import { Reporter } from './report';
import { MojoRule, rules } from './rule-catalogue';
import { validateModel, ModelMetadata } from './validate-model';
import { errorText, readZipArchive } from './zip-source';

export interface ValidateMojoOptions {
  maxEntries?: number;
  maxEntryMb?: number;
  maxTotalMb?: number;
  maxCompressionRatio?: number;
  genmodelJar?: string;
}

/**
 * "MOJO validates; model metadata extracted". Mirrors H2O's own MOJO reader without a JVM: safe
 * zip reading first (names, entry count, sizes, ratios — all bounded), then model.ini and the
 * files it refers to, per algorithm (GLM beta/link, tree files, XGBoost booster, nested Stacked
 * Ensemble models). With `genmodelJar` it also loads the MOJO with that h2o-genmodel jar.
 *
 * Findings in a zip keep `file` = the path as given and name the entry and line in the message
 * ("model.ini line 12: ..."): entries are not files. In an exploded folder `file` is the real
 * file (path.join(given, entry)) with `line`/`column`.
 *
 * metadata: `models` (one per path: algorithm, category, h2o_version, mojo_version, features,
 * response, response_domain, n_classes, n_trees, timestamp, uuid, metrics, submodels); with a
 * single path its fields are also copied to the top level.
 */
export const check: CheckDefinition<ValidateMojoOptions, MojoRule> = {
  name: 'validate-mojo',
  rules,
  summary: 'H2O MOJO zips (or exploded folders) load as H2O would load them; model metadata extracted',
  pathsDescription: 'MOJO .zip files or exploded MOJO folders',
  options: [
    { name: 'maxEntries', type: 'number', description: 'Most zip entries read', default: DEFAULT_LIMITS.maxEntries },
    { name: 'maxEntryMb', type: 'number', description: 'Largest uncompressed entry, MiB', default: DEFAULT_LIMITS.maxEntryMb },
    { name: 'maxTotalMb', type: 'number', description: 'Largest total uncompressed size, MiB', default: DEFAULT_LIMITS.maxTotalMb },
    {
      name: 'maxCompressionRatio',
      type: 'number',
      description: 'Highest compression ratio of an entry over 1 MiB',
      default: DEFAULT_LIMITS.maxCompressionRatio,
    },
    { name: 'genmodelJar', type: 'string', description: 'h2o-genmodel jar: also load each MOJO with it (needs java, JDK 11+)' },
  ],
  async run(paths, options, context) {
    if (paths.length === 0) throw new CheckUsageError('validate-mojo needs at least one MOJO zip or folder.');
    const limits = limitsFrom(options);
    const jar = options.genmodelJar;
    if (jar !== undefined && (typeof jar !== 'string' || jar.trim() === ''))
      throw new CheckUsageError('validate-mojo: genmodelJar must be a path to an h2o-genmodel jar.');
    const findings: Finding<MojoRule>[] = [];
    const models: Array<Partial<ModelMetadata> & { path: string }> = [];
    for (const given of paths) {
      const absolute = path.resolve(context.cwd, given);
      const { findings: own, metadata } = await validateOne(
        given,
        absolute,
        limits,
        jar === undefined ? undefined : path.resolve(context.cwd, jar),
        context.log,
      );
      findings.push(...own);
      models.push({ path: given, ...(metadata ?? {}) });
    }
    const metadata: Record<string, unknown> = { models };
    if (models.length === 1) Object.assign(metadata, models[0]);
    return resultOf('validate-mojo', findings, metadata);
  },
};

async function validateOne(
  given: string,
  absolute: string,
  limits: ReturnType<typeof limitsFrom>,
  jar: string | undefined,
  log?: (m: string) => void,
): Promise<{ findings: Finding<MojoRule>[]; metadata?: ModelMetadata }> {
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) {
    return {
      findings: [
        {
          rule: 'mojo/not-found',
          severity: 'error',
          message: 'MOJO not found: export it with model.download_mojo(path) or fix the path.',
          file: given,
        },
      ],
    };
  }
  const report = new Reporter(given, stat.isDirectory() ? 'folder' : 'zip');
  let metadata: ModelMetadata | undefined;
  try {
    let archive: Archive | undefined;
    if (stat.isDirectory()) archive = await readFolderArchive(absolute, limits, report);
    else if (stat.isFile()) archive = await readZipArchive(absolute, limits, report);
    else report.error('mojo/not-a-zip', 'Not a regular file or folder. Give the MOJO zip or its exploded folder.');
    if (archive) metadata = validateModel(archive, report);
  } catch (error) {
    // Bad input must never escape as an exception; an I/O failure becomes a finding.
    report.error('mojo/unreadable', `Could not read the MOJO (${errorText(error)}). Check permissions and that the file is complete.`);
  }
  if (jar !== undefined && !report.findings.some((f) => f.rule === 'mojo/not-a-zip')) {
    await deepCheck(report, jar, absolute, log);
  }
  return { findings: report.findings, metadata };
}

async function deepCheck(report: Reporter, jar: string, absolute: string, log?: (m: string) => void): Promise<void> {
  const jarStat = await fs.stat(jar).catch(() => undefined);
  if (!jarStat?.isFile()) {
    report.error(
      'mojo/genmodel',
      `h2o-genmodel jar not found at ${jar}: download h2o-genmodel.jar matching your H2O version (or drop --genmodel-jar).`,
    );
    return;
  }
  log?.(`validate-mojo: loading ${report.given} with ${path.basename(jar)}`);
  const outcome = await loadWithGenmodel(jar, absolute);
  if (outcome.ok) return;
  if (outcome.kind === 'java-missing') {
    report.error(
      'mojo/java-missing',
      'The deep check needs java (JDK 11+) on PATH or in JAVA_HOME, and none was found. Install a JDK or drop --genmodel-jar.',
    );
    return;
  }
  const tail = outcome.output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 6)
    .join('\n');
  report.error(
    'mojo/genmodel',
    outcome.kind === 'timeout'
      ? 'h2o-genmodel did not load the MOJO within 120 s; it was stopped.'
      : `h2o-genmodel failed to load the MOJO:\n${tail}`,
  );
}
