import * as path from 'node:path';
import { ALIAS_NAME, installedName, pluginPackage, PUBLISHED_NAME } from './package-info';

describe('package-info', () => {
  it('reads the plugin package under its published name', () => {
    expect(pluginPackage().name).toBe(PUBLISHED_NAME);
    expect(PUBLISHED_NAME).not.toBe('plan');
  });

  it('names the plugin by the node_modules folder it is installed in', () => {
    const at = (...parts: string[]) => path.join(path.sep, 'ws', ...parts);
    expect(installedName(at('node_modules', 'plan'))).toBe('plan');
    expect(installedName(at('node_modules', '@nx-plan', 'plan'))).toBe('@nx-plan/plan');
    expect(installedName(at('node_modules', 'a', 'node_modules', 'plan'))).toBe('plan');
    expect(installedName(at('repo', 'packages', 'plan'))).toBe(ALIAS_NAME);
  });
});
