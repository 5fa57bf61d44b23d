// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
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
 * Which part of the repository may import which (docs/ARCHITECTURE.md, "The rooms"): imports run
 * downwards, apps → libs → libs/domain, and between libs only along these lines. A lib missing
 * from a list may not be imported, whether by its `@change-ledger/…` name or by a relative path
 * into its folder. Tests are outside: a spec may reach what it checks.
 */
const MAY_IMPORT = {
  'libs/domain': [],
  'libs/untrusted-input': [],
  'libs/local-postgres': [],
  'packages/verify': [],
  'libs/auth': ['libs/domain'],
  'libs/policy': ['libs/domain'],
  'libs/event-store': ['libs/domain'],
  'libs/idempotency': ['libs/domain', 'libs/event-store'],
  'libs/integrity': ['libs/domain', 'libs/event-store', 'packages/verify'],
  'libs/read-models': ['libs/domain', 'libs/event-store', 'libs/policy'],
  'libs/change-requests': ['libs/domain', 'libs/event-store', 'libs/auth', 'libs/policy'],
  'libs/retention': ['libs/domain', 'libs/event-store', 'libs/change-requests'],
  // A CI message → a CiFact, and nothing more (its recording is libs/change-requests').
  // libs/event-store: only to read a failure of the database as one (ingestion-failure.ts).
  'libs/ingestion': ['libs/domain', 'libs/event-store', 'libs/untrusted-input'],
  'libs/notifications': [
    // Operators' requests (resend, replay) are recorded with the commands' envelope.
    'libs/change-requests',
    'libs/domain',
    'libs/event-store',
    'libs/integrity',
    'libs/policy',
    'libs/read-models',
  ],
  'libs/audit': [
    'libs/domain',
    'libs/event-store',
    'libs/change-requests',
    'libs/integrity',
    'libs/policy',
    'libs/read-models',
    'packages/verify',
  ],
  'libs/operations': [
    // CI recording's link table is migrated with the event store (migrate-ledger.ts).
    'libs/change-requests',
    'libs/event-store',
    'libs/integrity',
    'libs/notifications',
    'libs/read-models',
  ],
  // The page runs in the browser and talks to the API over HTTP only.
  'apps/web': [],
};
const LIBS = Object.keys(MAY_IMPORT).filter((room) => !room.startsWith('apps/'));
const architectureBoundaries = {
  files: ['apps/**/*.ts', 'libs/**/*.ts', 'packages/**/*.ts'],
  ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { typescript: { project: 'tsconfig.json' } },
    'boundaries/elements': [
      ...Object.keys(MAY_IMPORT).map((room) => ({ type: room, pattern: room, mode: 'folder' })),
      // The other apps (api, ingestor, projector, the CLI) compose every lib.
      { type: 'app', pattern: 'apps/*', mode: 'folder' },
    ],
  },
  rules: {
    'boundaries/element-types': [
      'error',
      {
        default: 'disallow',
        message:
          '${file.type} may not import ${dependency.type} (docs/ARCHITECTURE.md, "The rooms")',
        rules: [
          ...Object.entries(MAY_IMPORT).map(([room, below]) => ({
            from: room,
            allow: [room, ...below],
          })),
          { from: 'app', allow: ['app', ...LIBS] },
        ],
      },
    ],
  },
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
      'apps/web/src/api-types.ts',
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
  architectureBoundaries,
  {
    // Nest resolves providers through decorator metadata, which needs value imports of the classes.
    files: [
      'apps/**/*.ts',
      'libs/**/*.module.ts',
      'libs/**/*.controller.ts',
      'libs/**/*.handler.ts',
      'libs/change-requests/src/**/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  prettier,
);
