import { sharedDir } from '../utils/shared-dir';

/**
 * `../shared/fixtures` beside the repository root, when present (as on CI); undefined otherwise,
 * so conformance suites can `describe.skip` on machines without it.
 */
export function sharedFixturesDir(): string | undefined {
  return sharedDir('fixtures');
}

/** `describe` when the shared fixtures exist, `describe.skip` otherwise. */
export const describeWithSharedFixtures: jest.Describe = sharedFixturesDir() ? describe : describe.skip;
