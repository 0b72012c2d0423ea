import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sharedFixturesDir } from './shared-fixtures';

/** `../shared/seeds` when present (beside the fixtures); undefined otherwise. */
export function sharedSeedsDir(): string | undefined {
  const fixtures = sharedFixturesDir();
  const seeds = fixtures ? path.join(path.dirname(fixtures), 'seeds') : undefined;
  return seeds && existsSync(seeds) ? seeds : undefined;
}

export function readSeed(prefix: '000' | '001'): string {
  const dir = sharedSeedsDir();
  if (!dir) throw new Error('../shared/seeds is not present');
  const file = require('node:fs').readdirSync(dir).find((f: string) => f.startsWith(prefix));
  return readFileSync(path.join(dir, file), 'utf8');
}

export const describeWithSharedSeeds: jest.Describe = sharedSeedsDir() ? describe : describe.skip;
