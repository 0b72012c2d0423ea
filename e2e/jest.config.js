/** e2e: the real nx CLI in fresh temporary workspaces that install the packed plugin (acceptance suites apart). */
const ACCEPTANCE_SUITES = require('./acceptance-suites.js');

module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...ACCEPTANCE_SUITES.map((name) => `/e2e/${name}\\.e2e\\.ts$`)],
  globalSetup: '<rootDir>/e2e/utils/global-setup.js',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/packages/plan/tsconfig.json' }] },
  testTimeout: 600000,
};
