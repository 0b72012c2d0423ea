import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The npm name the plugin is published under (`plan` on npm is an unrelated package). */
export const PUBLISHED_NAME = '@nx-plan/plan';
/** The name users install it as (`npm install -D plan@npm:@nx-plan/plan`), so that `nx g plan:<kind>` works. */
export const ALIAS_NAME = 'plan';

interface PluginPackage {
  name: string;
  version: string;
  root: string;
}

let cached: PluginPackage | undefined;

/** The plugin's own package.json, found upward from this file (works from src/ and from dist/). */
export function pluginPackage(): PluginPackage {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8'));
      if (json.name === PUBLISHED_NAME) return (cached = { name: json.name, version: json.version, root: dir });
    }
    dir = path.dirname(dir);
  }
  return (cached = { name: PUBLISHED_NAME, version: '0.0.0', root: path.resolve(__dirname, '..', '..') });
}

export function pluginVersion(): string {
  return pluginPackage().version;
}

/**
 * The name this copy of the plugin is installed under: the folder below `node_modules`
 * (`plan` for the recommended alias, `@nx-plan/plan` without it). Nx resolves executors and
 * generators by that name, so targets must use it. From this repository's sources: the alias.
 */
export function installedName(root = pluginPackage().root): string {
  const parts = root.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at === parts.length - 1) return ALIAS_NAME;
  const first = parts[at + 1];
  return first.startsWith('@') && parts[at + 2] ? `${first}/${parts[at + 2]}` : first;
}

/** Names under which nx.json may load this plugin: either install name, root or `./plugin` entry. */
export const PLUGIN_ENTRY_NAMES: ReadonlySet<string> = new Set([ALIAS_NAME, PUBLISHED_NAME].flatMap((name) => [name, `${name}/plugin`]));
