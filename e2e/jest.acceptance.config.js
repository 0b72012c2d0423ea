/** The generators' acceptance suites (see jest.config.js): `npm run test:acceptance`. */
const base = require('./jest.config.js');

const suites = require('./acceptance-suites.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: suites.map((name) => `<rootDir>/e2e/${name}.e2e.ts`),
  // A cold verify of a generated plan runs dozens of real checks (services, browsers, DuckDB).
  testTimeout: 45 * 60 * 1000,
};
