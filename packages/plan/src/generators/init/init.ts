import { formatFiles, logger, Tree } from '@nx/devkit';
import { registerPlugin } from '../utils/register-plugin';
import { InitGeneratorSchema } from './schema';

/** `nx g plan:init` (hidden; `nx add plan` runs it): registers the plugin in nx.json, once. */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<void> {
  if (registerPlugin(tree)) logger.info('Registered the plan plugin in nx.json.');
  if (!options.skipFormat) await formatFiles(tree);
}

export default initGenerator;
