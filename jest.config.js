// Two projects: `unit` never touches the network or disk; `integration` talks to real
// PostgreSQL (PGlite in-process and the server), real Redis and real HTTP.
// `cookie` (used by Fastify's inject) and `content-disposition` (under Bull Board's @fastify/static) ship only as
// ES modules: jest's CommonJS runtime needs them compiled (Node itself loads them with require).
const transform = {
  '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = ['/node_modules/(?!(cookie|content-disposition)/)'];
module.exports = {
  // Set here, not per project: jest ignores testTimeout inside `projects`.
  testTimeout: 60000,
  // A handle a test forgot must not hold the run until CI's limit: the teardown names it, then jest exits.
  globalTeardown: '<rootDir>/test/support/report-open-handles.ts',
  forceExit: true,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.int.test.ts'],
      testTimeout: 60000,
    },
  ],
};
