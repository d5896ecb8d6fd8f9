import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Three kinds of code, three rule sets:
 * - the service (src/, flows/) and the typed front ends (the console's screens in src/console/ui, TSX;
 *   the web chat page and widget in src/channels/webchat/ui, each checked against its own tsconfig):
 *   typescript-eslint's type-checked recommendations, in full;
 * - tests and benchmarks: the type-checked rules that catch real mistakes (a promise not awaited, an
 *   await of something that is no promise, a promise where a callback is expected), without the
 *   `no-unsafe-*` family that parsed JSON responses would trip at every line;
 * - the pages' own JavaScript (the web console's public/app.js, until its pages move to src/console/ui):
 *   ESLint's recommendations as browser scripts.
 */
export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.build-check-*',
      'data',
      'coverage',
      'bench/results',
      'test-artifacts',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'flows/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    rules: {
      // Methods that implement an async interface (a channel's `start`, a store's `close`) are async
      // without awaiting anything; the rule would have them return Promise.resolve() by hand instead.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    files: ['src/**/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    files: ['scripts/**/*.js', '.puppeteerrc.cjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
);
