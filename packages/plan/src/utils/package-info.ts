import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

let cached: { name: string; version: string; root: string } | undefined;

/** The plugin's own package.json, found upward from this file (works from src/ and from dist/). */
export function pluginPackage(): { name: string; version: string; root: string } {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8'));
      if (json.name === 'plan') return (cached = { name: json.name, version: json.version, root: dir });
    }
    dir = path.dirname(dir);
  }
  return (cached = { name: 'plan', version: '0.0.0', root: path.resolve(__dirname, '..', '..') });
}

export function pluginVersion(): string {
  return pluginPackage().version;
}
