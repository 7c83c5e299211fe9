// @ts-check
import { fileURLToPath } from 'node:url';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const adapters = ['store', 'services', 'jobs', 'mail', 'calendar', 'http', 'cli', 'demo'];
const forbid = (names, why) => names.map((name) => ({ group: [`**/${name}/**`, `**/${name}.js`], message: why }));
const impure = ['node:*', 'fs', 'fs/*', 'net', 'http', 'https', 'child_process', 'pg', 'better-sqlite3', 'kysely', 'fastify', 'nodemailer', 'imapflow'];

/** The lint block that keeps query building out of a folder (issue 11 item 4), its own tests excepted. */
function noQueryBuilding(folder) {
  return {
    files: [`src/${folder}/**/*.ts`],
    ignores: [`src/${folder}/**/*.test.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'kysely', allowTypeImports: true, message: queryBuilding.why }],
        patterns: [...boundaries[folder], { group: ['kysely/*'], allowTypeImports: true, message: queryBuilding.why }],
      }],
      'no-restricted-syntax': ['error', ...queryBuilding.syntax],
    },
  };
}

/**
 * A rule's options replace those of an earlier block for the same file, so each folder's import
 * boundaries are stated once, here, and every block that adds a restriction spreads them in.
 */
const boundaries = {
  store: forbid(['services', 'jobs', 'http', 'cli', 'mail', 'calendar'], 'the store depends only on core'),
  services: forbid(['http', 'cli', 'jobs', 'demo'], 'services must not depend on their callers'),
  // Demo data is written the way a salesperson's work is, through services (issue 11 item 6).
  demo: forbid(['http', 'cli', 'jobs'], 'demo data is written through services; the CLI and routes call it'),
  // mail and calendar build, send and read messages; what a message means for a contact is a service's (issue 11 item 8).
  mail: forbid(['services', 'jobs', 'http', 'cli'], 'src/mail builds, sends and reads mail; what it means is for services and jobs'),
  calendar: forbid(['services', 'jobs', 'http', 'cli'], 'src/calendar emits and parses calendars; what they mean is for services'),
  // Routes are thin: parse → service → present. The store is reached through a service (issue 11 item 8).
  http: forbid(['store'], 'http reaches the store through a service'),
};

/**
 * Query building belongs to src/store (issue 11 item 4): services ask the store, they do not write
 * SQL. Kysely's values (sql, expression helpers) may not be imported; its types (Kysely, Transaction)
 * may. `.with` counts only with a name first (a CTE), so Temporal's and Array's `.with` stay usable.
 */
const queryBuilding = {
  why: 'services do not build queries: add a function to src/store (type imports such as Kysely or Transaction are fine)',
  syntax: [
    ...['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'selectNoFrom', 'replaceInto', 'mergeInto'].map((method) => ({
      selector: `CallExpression[callee.property.name="${method}"]`,
      message: `services do not build queries (.${method}): add a function to src/store`,
    })),
    {
      selector: 'CallExpression[callee.property.name=/^with(Recursive)?$/][arguments.0.type="Literal"]',
      message: 'services do not build queries (.with): add a function to src/store',
    },
    {
      selector: 'TaggedTemplateExpression[tag.name="sql"], TaggedTemplateExpression[tag.object.name="sql"]',
      message: 'services do not write SQL: add a function to src/store',
    },
  ],
};

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
    // No runtime import cycle in src (issue 11 item 1). Type-only imports are erased and do not count;
    // packages are not followed (ignoreExternal), which keeps the walk to our own files and lint fast.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
      // import-x reads only modules with these extensions; without .ts it sees no cycle at all.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
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
    rules: { 'no-restricted-imports': ['error', { patterns: boundaries.store }] },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaries.services }] },
  },
  // Tests beside a service (or the demo writer) may read the database to check what it did; the code itself may not.
  noQueryBuilding('services'),
  noQueryBuilding('demo'),
  {
    files: ['src/mail/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaries.mail }] },
  },
  {
    files: ['src/calendar/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaries.calendar }] },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaries.http }] },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbid([...adapters, 'core'], 'the web app imports only src/shared') }] },
  },
);
