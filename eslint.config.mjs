// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The domain is plain TypeScript (DESIGN.md, STYLE.md §2): it must not know about the framework,
 * the database, the broker or the event-store client. This rule is what keeps it so.
 */
const frameworkImportsForbiddenInDomain = {
  patterns: [
    {
      group: ['@nestjs/*', 'pg', 'pg-*', 'kafkajs', '@eventstore/*', '@kurrent/*'],
      message:
        'libs/domain is pure TypeScript: no framework, database, broker or event-store client.',
    },
    {
      group: ['@change-ledger/*', '!@change-ledger/domain', '!@change-ledger/domain/*'],
      message: 'libs/domain depends on no other lib of this repository.',
    },
  ],
};

/**
 * The verifier an auditor installs alone (packages/verify, ADR 0026) runs on Node and one tar
 * reader: it imports Node's own modules, its own files and tar-stream, nothing of the ledger's.
 */
const standaloneVerifierImports = {
  patterns: [
    {
      regex: '^(?!node:|\\.{1,2}/|tar-stream$)',
      message:
        'packages/verify depends on Node and tar-stream alone (an auditor installs nothing else): copy or move what it needs into the package.',
    },
  ],
};

/**
 * Every PostgreSQL connection is made by createPool / createClient (libs/event-store's
 * postgres/connections.ts), which put an error listener on it: a pg connection without one ends
 * the process when PostgreSQL restarts (issue 23). `new Pool(` and `new Client(`, whatever they
 * were imported as, are refused everywhere else.
 */
const CONNECTIONS_FILE = 'libs/event-store/src/postgres/connections.ts';
const bareConnection = (callee) => ({
  selector: `NewExpression[${callee}=/^(Pool|Client)$/]`,
  message:
    'Make PostgreSQL connections with createPool() / createClient() from @change-ledger/event-store: ' +
    'they listen for errors, without which a PostgreSQL restart ends the process.',
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'packages/*/dist/**',
      'coverage/**',
      'node_modules/**',
      '.tmp/**',
      'apps/api/src/openapi-metadata.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    ignores: [CONNECTIONS_FILE],
    rules: {
      'no-restricted-syntax': [
        'error',
        bareConnection('callee.name'),
        bareConnection('callee.property.name'),
      ],
    },
  },
  {
    // The dashboard page runs in the browser (bundled by apps/web/build.ts).
    files: ['apps/web/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', frameworkImportsForbiddenInDomain],
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
  {
    files: ['packages/verify/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', standaloneVerifierImports] },
  },
  {
    // Nest resolves providers through decorator metadata, which needs value imports of the classes.
    files: [
      'apps/**/*.ts',
      'libs/**/*.module.ts',
      'libs/**/*.controller.ts',
      'libs/**/*.handler.ts',
      'libs/change-requests/src/**/*.ts',
      'libs/ingestion/src/record-ci-events/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  prettier,
);
