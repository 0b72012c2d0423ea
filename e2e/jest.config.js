/** e2e: the real nx CLI in fresh temporary workspaces that install the packed plugin. */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e.ts'],
  globalSetup: '<rootDir>/e2e/utils/global-setup.js',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/packages/plan/tsconfig.json' }] },
  testTimeout: 600000,
};
