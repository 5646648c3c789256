/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Tests start real servers (Temporal dev server, PostgreSQL databases); keep two files at a time on two cores.
  maxWorkers: 2,
  testTimeout: 120_000,
};
