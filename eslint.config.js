// @ts-check
import tseslint from 'typescript-eslint';

const adapters = ['store', 'services', 'jobs', 'mail', 'calendar', 'http', 'cli'];
const forbid = (names, why) => names.map((name) => ({ group: [`**/${name}/**`, `**/${name}.js`], message: why }));
const impure = ['node:*', 'fs', 'fs/*', 'net', 'http', 'https', 'child_process', 'pg', 'better-sqlite3', 'kysely', 'fastify', 'nodemailer', 'imapflow'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'web/dist/**', 'bench/results/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The domain core is pure: it may import only itself and src/shared (ARCHITECTURE.md).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...forbid(adapters, 'src/core imports nothing but src/core and src/shared'),
          { group: ['**/config.js', '**/server.js'], message: 'src/core reads no configuration' },
          { group: impure, message: 'src/core does no I/O' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core reads no environment' }, { name: 'fetch', message: 'src/core does no I/O' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...forbid([...adapters, 'core'], 'src/shared imports nothing else'), { group: impure, message: 'src/shared does no I/O' }] }],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbid(['services', 'jobs', 'http', 'cli', 'mail', 'calendar'], 'the store depends only on core') }] },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbid(['http', 'cli', 'jobs'], 'services must not depend on their callers') }] },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbid([...adapters, 'core'], 'the web app imports only src/shared') }] },
  },
);
