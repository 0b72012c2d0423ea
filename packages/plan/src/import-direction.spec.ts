import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Imports flow one way: adapters (cli, plugins, executors, generators) → checks → model. */
const LAYER_OF = (dir: string) => dir.split(path.sep)[0];
const FORBIDDEN: Record<string, string[]> = {
  model: ['checks', 'cli', 'plugins', 'executors', 'generators', 'nx'],
  checks: ['cli', 'plugins', 'executors', 'generators', 'nx'],
  utils: ['model', 'checks', 'cli', 'plugins', 'executors', 'generators', 'nx'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('import direction', () => {
  const root = __dirname;
  const files = sources(root).map((file) => ({ file, layer: LAYER_OF(path.relative(root, file)) }));

  it.each(Object.keys(FORBIDDEN))('%s imports no layer above it and no Nx', (layer) => {
    const offending: string[] = [];
    for (const { file } of files.filter((f) => f.layer === layer)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)) {
        const spec = match[1];
        if (/^(nx|@nx\/)/.test(spec)) offending.push(`${path.relative(root, file)} → ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = path.relative(root, path.resolve(path.dirname(file), spec));
        if (FORBIDDEN[layer].includes(LAYER_OF(target))) offending.push(`${path.relative(root, file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
