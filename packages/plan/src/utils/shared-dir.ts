import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A folder of `../shared` beside the repository root (e.g. `fixtures`, `seeds`), when present as
 * on CI; undefined otherwise. Only tests, fuzz and bench tools look for it.
 */
export function sharedDir(name: string): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 12; i++) {
    if (existsSync(path.join(dir, 'package-lock.json')) && existsSync(path.join(dir, 'nx.json'))) {
      const candidate = path.resolve(dir, '..', 'shared', name);
      return existsSync(candidate) ? candidate : undefined;
    }
    dir = path.dirname(dir);
  }
  return undefined;
}
