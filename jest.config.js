// Three tiers, named by suffix (STYLE.md §9):
//   unit  *.spec.ts               pure, fast, no services (packages/verify's own specs among them)
//   int   *.int-spec.ts           real PostgreSQL (and later Kafka), started by test/support
//   e2e   test/{e2e,fuzz,model}/*.e2e-spec.ts  booted apps over real services (test/model: the
//         model-based test of issue 25, against a reference model of the seeds' rules)
//   attack test/attack/*.attack-spec.ts  an insider's attacks on a ledger populated through the
//         API, each followed by `ledger verify` alone and with a witness (issue 24)
//   ha    test/ha/*.ha-spec.ts    the ledger on a Patroni cluster through failovers, the ingestor
//         on a three-node Kafka through a node's loss (issue 29; `npm run test:ha` alone)
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  rootDir: __dirname,
};

const withServices = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs,test}/**/*.spec.ts',
        '<rootDir>/packages/*/src/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      ...withServices,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
    },
    {
      ...shared,
      ...withServices,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/{e2e,fuzz,model}/**/*.e2e-spec.ts'],
    },
    {
      ...shared,
      ...withServices,
      displayName: 'attack',
      testMatch: ['<rootDir>/test/attack/**/*.attack-spec.ts'],
    },
    {
      ...shared,
      ...withServices,
      displayName: 'ha',
      testMatch: ['<rootDir>/test/ha/**/*.ha-spec.ts'],
    },
  ],
};
