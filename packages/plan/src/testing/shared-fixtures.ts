import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * `../shared/fixtures` beside the repository root, when present (as on CI); undefined otherwise,
 * so conformance suites can `describe.skip` on machines without it.
 */
export function sharedFixturesDir(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 10; i++) {
    if (existsSync(path.join(dir, 'package-lock.json')) && existsSync(path.join(dir, 'nx.json'))) {
      const candidate = path.resolve(dir, '..', 'shared', 'fixtures');
      return existsSync(candidate) ? candidate : undefined;
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

/** `describe` when the shared fixtures exist, `describe.skip` otherwise. */
export const describeWithSharedFixtures: jest.Describe = sharedFixturesDir() ? describe : describe.skip;
