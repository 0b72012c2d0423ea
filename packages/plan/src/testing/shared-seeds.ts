import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sharedDir } from '../utils/shared-dir';

/** `../shared/seeds` when present; undefined otherwise. */
export function sharedSeedsDir(): string | undefined {
  return sharedDir('seeds');
}

export function readSeed(prefix: '000' | '001'): string {
  const dir = sharedSeedsDir();
  if (!dir) throw new Error('../shared/seeds is not present');
  const file = readdirSync(dir).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`../shared/seeds has no seed ${prefix}`);
  return readFileSync(path.join(dir, file), 'utf8');
}

/**
 * `describe` when ../shared/seeds is present; otherwise one skipped test in its place. Not
 * `describe.skip`: Jest still runs a skipped describe's body to collect its tests, and bodies
 * read the seeds.
 */
export const describeWithSharedSeeds = (
  sharedSeedsDir() ? describe : (name: string) => describe.skip(name, () => it.skip('needs ../shared/seeds', () => undefined))
) as jest.Describe;
