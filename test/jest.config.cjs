// Integration and end-to-end tests: a real Neo4j over Bolt (scripts/test.mjs starts one on
// port 7688 with its own data folder), one file at a time because they share that database.
module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'integration',
  rootDir: __dirname,
  testTimeout: 180_000,
  maxWorkers: 1,
};
