/**
 * When this package runs from its TypeScript source (inside this repository), Nx registers a
 * transpiler only while it loads the executor; checks are required lazily afterwards. Keep a
 * transpiler registered for the rest of the process. The published package is compiled JS and
 * never takes this path.
 */
export function keepTypeScriptLoadable(): void {
  if (!__filename.endsWith('.ts') || require.extensions['.ts']) return;
  require('@swc-node/register');
}
