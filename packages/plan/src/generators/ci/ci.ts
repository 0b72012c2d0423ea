import { formatFiles, logger, Tree } from '@nx/devkit';
import { pluginVersion } from '../../utils/package-info';
import { initGenerator } from '../init/init';
import { checkIdentifier, IdentifierRule } from '../utils/option-rules';
import { applyGeneratedFiles, describeReport, GenerationReport } from '../utils/generation-safety';
import { CiGeneratorSchema } from './schema';
import { CACHE_SECRETS, workflowYaml } from './workflow';

const WORKFLOW_NAME: IdentifierRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  allowed: "letters, digits, '.', '_' or '-', at most 100 characters (e.g. plan-verify)",
  maxLength: 100,
};
const NODE_VERSION: IdentifierRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9.*/x-]*$/,
  allowed: 'a version for actions/setup-node such as 20, 22.x or lts/*',
  maxLength: 40,
};
const BRANCH: IdentifierRule = {
  // git check-ref-format, simplified: no spaces, control characters or ~^:?*[\ and no leading '-',
  // no '..' or '@{'; and no '${{', which GitHub would evaluate as an expression in `with:`.
  pattern: /^(?!-)(?!.*\.\.)(?!.*@\{)(?!.*\$\{\{)[^\s~^:?*[\\\x00-\x1f\x7f]+$/,
  allowed: 'a git branch name such as main (no spaces, control characters, ~^:?*[\\, .., @{, ${{ or leading -), at most 200 characters',
  maxLength: 200,
};

/** The workflow's manifest lives in .github/ (GitHub reads only *.yml files of .github/workflows). */
export const CI_ROOT = '.github';

export interface NormalizedCiOptions {
  name: string;
  remoteCache: boolean;
  nodeVersion: string;
  mainBranch: string;
  skipFormat: boolean;
  force: boolean;
}

export function normalizeCiOptions(options: CiGeneratorSchema): NormalizedCiOptions {
  const name = checkIdentifier('--name', (options.name ?? 'plan-verify').trim().replace(/\.ya?ml$/, ''), WORKFLOW_NAME);
  const nodeVersion = checkIdentifier('--nodeVersion', String(options.nodeVersion ?? '20').trim(), NODE_VERSION);
  const mainBranch = checkIdentifier('--mainBranch', (options.mainBranch ?? 'main').trim(), BRANCH);
  return {
    name,
    remoteCache: options.remoteCache ?? true,
    nodeVersion,
    mainBranch,
    skipFormat: options.skipFormat ?? false,
    force: options.force ?? false,
  };
}

/** The workflow's path relative to CI_ROOT. */
export function workflowPath(name: string): string {
  return `workflows/${name}.yml`;
}

/**
 * `nx g plan:ci`: a GitHub Actions workflow running `nx affected -t verify`, findings as SARIF.
 * Written through the manifest like every generator: a re-run changes nothing, an edited
 * workflow is kept and reported (`--force` overwrites), `--dry-run` lists exactly what is written.
 */
export async function ciGenerator(tree: Tree, options: CiGeneratorSchema = {}): Promise<() => void> {
  const o = normalizeCiOptions(options);
  await initGenerator(tree, { skipFormat: true });
  const relative = workflowPath(o.name);
  const content = await formattedLikeTheWorkspace(tree, `${CI_ROOT}/${relative}`, workflowYaml(o), o.skipFormat);
  const report = applyGeneratedFiles(tree, CI_ROOT, new Map([[relative, content]]), {
    force: o.force,
    generator: 'plan:ci',
    version: pluginVersion(),
  });
  for (const line of describeReport(report, CI_ROOT)) logger.warn(line);
  return () => {
    logger.info(summary(report, `${CI_ROOT}/${relative}`, o));
    if (o.remoteCache)
      logger.info(
        `Optional remote cache: set the ${CACHE_SECRETS.server} and ${CACHE_SECRETS.token} repository secrets, and ${CACHE_SECRETS.readOnlyToken} (a read-only token) for pull requests from forks (npx plan doctor checks the server).`,
      );
  };
}

function summary(report: GenerationReport, file: string, o: NormalizedCiOptions): string {
  if (report.keptUserChanges.length) return `Kept ${file}: it was changed since it was generated (use --force to overwrite).`;
  if (report.unchanged.length) return `${file} is up to date.`;
  return `Wrote ${file}: nx affected -t verify on pushes to ${o.mainBranch} and on pull requests; findings go to code scanning.`;
}

/**
 * The bytes the workspace's formatter (prettier or oxfmt, as Nx's formatFiles chooses) makes of
 * the workflow, decided before the manifest compares anything: what is recorded is what lands
 * on disk, so a re-run finds the file unchanged. The Tree is left as it was.
 */
async function formattedLikeTheWorkspace(tree: Tree, file: string, content: string, skipFormat: boolean): Promise<string> {
  if (skipFormat) return content;
  const before = tree.exists(file) ? tree.read(file) : null;
  tree.write(file, content);
  await formatFiles(tree);
  const formatted = tree.read(file, 'utf-8') ?? content;
  if (before) tree.write(file, before);
  else tree.delete(file);
  return formatted;
}

export default ciGenerator;
