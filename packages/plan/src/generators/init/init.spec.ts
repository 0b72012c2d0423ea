import { readNxJson, Tree, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { initGenerator } from './init';
import { isPluginRegistered, registerPlugin } from '../utils/register-plugin';

function planEntries(tree: Tree) {
  return (readNxJson(tree)?.plugins ?? []).filter((p) => (typeof p === 'string' ? p : p.plugin).startsWith('plan'));
}

describe('plan:init', () => {
  it('registers { plugin: "plan", options: {} } once, however often it runs', async () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'prettier' } as any);
    expect(isPluginRegistered(tree)).toBe(false);
    await initGenerator(tree, {});
    const first = tree.read('nx.json', 'utf8');
    expect(planEntries(tree)).toEqual([{ plugin: 'plan', options: {} }]);
    await initGenerator(tree, {});
    expect(tree.read('nx.json', 'utf8')).toBe(first);
    expect(planEntries(tree)).toHaveLength(1);
  });

  it('keeps other plugins and their order', async () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    updateNxJson(tree, {
      ...readNxJson(tree),
      plugins: ['@nx/js/typescript', { plugin: '@nx/jest/plugin', options: { targetName: 'test' } }],
    });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.plugins).toEqual([
      '@nx/js/typescript',
      { plugin: '@nx/jest/plugin', options: { targetName: 'test' } },
      { plugin: 'plan', options: {} },
    ]);
  });

  it.each([
    ['a string entry', 'plan'],
    ['an object entry with options', { plugin: 'plan', options: { targetName: 'check' }, include: ['plans/**'] }],
    ['the ./plugin entry point', 'plan/plugin'],
  ])('honours %s already in nx.json', async (_label, entry) => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    updateNxJson(tree, { ...readNxJson(tree), plugins: [entry as any] });
    const before = tree.read('nx.json', 'utf8');
    expect(registerPlugin(tree)).toBe(false);
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('nx.json', 'utf8')).toBe(before);
  });

  it('does not take a plugin whose name only starts with plan for this one', () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    updateNxJson(tree, { ...readNxJson(tree), plugins: ['planner', { plugin: '@acme/plan' }] });
    expect(registerPlugin(tree)).toBe(true);
    expect(readNxJson(tree)!.plugins).toEqual(['planner', { plugin: '@acme/plan' }, { plugin: 'plan', options: {} }]);
  });

  it('creates the plugins list when nx.json has none', () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    const { plugins: _dropped, ...rest } = readNxJson(tree)!;
    updateNxJson(tree, rest);
    expect(readNxJson(tree)!.plugins).toBeUndefined();
    registerPlugin(tree);
    expect(readNxJson(tree)!.plugins).toEqual([{ plugin: 'plan', options: {} }]);
  });
});
