import { readNxJson, Tree, updateNxJson } from '@nx/devkit';
import { installedName, PLUGIN_ENTRY_NAMES } from '../../utils/package-info';

type PluginEntry = string | { plugin: string };

export function isPlanPlugin(entry: PluginEntry): boolean {
  return PLUGIN_ENTRY_NAMES.has(typeof entry === 'string' ? entry : entry?.plugin);
}

/** Whether nx.json (in the tree) already loads the plan plugin, as a string or an object entry. */
export function isPluginRegistered(tree: Tree): boolean {
  return (readNxJson(tree)?.plugins ?? []).some((p) => isPlanPlugin(p as PluginEntry));
}

/**
 * Adds `{ plugin: 'plan', options: {} }` (the name the plugin is installed under) to nx.json unless an entry for it exists. Existing entries
 * (strings, objects with options/include/exclude) are left exactly as they are. Returns true when
 * nx.json changed.
 */
export function registerPlugin(tree: Tree): boolean {
  if (isPluginRegistered(tree)) return false;
  const nxJson = readNxJson(tree) ?? {};
  updateNxJson(tree, { ...nxJson, plugins: [...(nxJson.plugins ?? []), { plugin: installedName(), options: {} }] });
  return true;
}
