import { formatFiles, joinPathFragments, logger, Tree } from '@nx/devkit';
import { initGenerator } from '../init/init';
import { CiGeneratorSchema } from './schema';
import { workflowYaml } from './workflow';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NODE_VERSION = /^[A-Za-z0-9][A-Za-z0-9.*/x-]*$/;
// git check-ref-format, simplified: no spaces, control characters or ~^:?*[\ and no leading '-'.
const BRANCH = /^(?!-)(?!.*\.\.)[^\s~^:?*[\\\x00-\x1f\x7f]+$/;

export interface NormalizedCiOptions {
  name: string;
  remoteCache: boolean;
  nodeVersion: string;
  mainBranch: string;
  skipFormat: boolean;
}

export function normalizeCiOptions(options: CiGeneratorSchema): NormalizedCiOptions {
  const name = (options.name ?? 'plan-verify').trim().replace(/\.ya?ml$/, '');
  if (!FILE_NAME.test(name)) throw new Error(`Invalid name "${name}": use letters, digits, '.', '_' or '-' (e.g. plan-verify).`);
  const nodeVersion = String(options.nodeVersion ?? '20').trim();
  if (!NODE_VERSION.test(nodeVersion)) throw new Error(`Invalid nodeVersion "${nodeVersion}": give a version such as 20, 22.x or lts/*.`);
  const mainBranch = (options.mainBranch ?? 'main').trim();
  if (!BRANCH.test(mainBranch)) throw new Error(`Invalid mainBranch "${mainBranch}": give a git branch name such as main.`);
  return { name, remoteCache: options.remoteCache ?? true, nodeVersion, mainBranch, skipFormat: options.skipFormat ?? false };
}

export function workflowPath(name: string): string {
  return joinPathFragments('.github', 'workflows', `${name}.yml`);
}

/** `nx g plan:ci`: a GitHub Actions workflow running `nx affected -t verify`, findings as SARIF. */
export async function ciGenerator(tree: Tree, options: CiGeneratorSchema = {}): Promise<() => void> {
  const o = normalizeCiOptions(options);
  await initGenerator(tree, { skipFormat: true });
  const file = workflowPath(o.name);
  tree.write(file, workflowYaml(o));
  if (!o.skipFormat) await formatFiles(tree);
  return () => {
    logger.info(`Wrote ${file}: nx affected -t verify on pushes to ${o.mainBranch} and on pull requests; findings go to code scanning.`);
    if (o.remoteCache)
      logger.info(
        'Optional remote cache: set the NX_SELF_HOSTED_REMOTE_CACHE_SERVER and NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN repository secrets (npx plan doctor checks the server).',
      );
  };
}

export default ciGenerator;
