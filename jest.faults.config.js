/**
 * The fault tests (test/faults): the production topology as processes, under faults that
 * include restarting the machine's PostgreSQL, so they run one at a time and after the rest.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config'),
  testPathIgnorePatterns: ['/node_modules/'],
  roots: ['<rootDir>/test/faults'],
  maxWorkers: 1,
  testTimeout: 1_800_000,
  // A failed run may leave clients still retrying against processes its teardown stopped.
  forceExit: true,
};
