/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The fault tests restart the machine's PostgreSQL: they run alone, after the rest (jest.faults.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Tests start real servers (Temporal dev server, PostgreSQL databases); keep two files at a time on two cores.
  maxWorkers: 2,
  testTimeout: 120_000,
};
