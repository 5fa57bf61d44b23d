import { lintSource } from './lint-source';

/**
 * The boundaries of docs/ARCHITECTURE.md ("The rooms"), checked against the real ESLint
 * configuration: imports run downwards, and between libs only along the lines drawn there.
 */
const importing = (module: string) =>
  `import * as imported from '${module}';\nexport const used = imported;\n`;

describe('architecture boundaries', () => {
  it.each([
    ['libs/policy/src/probe.ts', '@change-ledger/event-store'],
    ['libs/event-store/src/probe.ts', '@change-ledger/read-models'],
    ['libs/read-models/src/probe.ts', '@change-ledger/change-requests'],
    ['libs/change-requests/src/probe.ts', '@change-ledger/ingestion'],
    // Ingestion reads bytes: recording what it read is not its to call.
    ['libs/ingestion/src/probe.ts', '@change-ledger/change-requests'],
    ['libs/ingestion/src/probe.ts', '../../change-requests/src/record-ci-fact/ci-fact-recorder'],
    ['libs/integrity/src/probe.ts', '@change-ledger/audit'],
    ['packages/verify/src/probe.ts', '@change-ledger/domain'],
    ['apps/web/src/probe.ts', '@change-ledger/domain'],
    // By a path into the lib's folder, not only by its name.
    ['libs/policy/src/probe.ts', '../../event-store/src/postgres/connections'],
    ['libs/domain/src/probe.ts', '../../../apps/api/src/api.module'],
  ])('refuses, in %s, an import of %s', (file, module) => {
    expect(lintSource(file, importing(module))).toContain('boundaries/element-types');
  });

  it.each([
    ['libs/read-models/src/probe.ts', '@change-ledger/event-store'],
    ['libs/integrity/src/probe.ts', '@change-ledger/verify'],
    ['libs/ingestion/src/probe.ts', '@change-ledger/untrusted-input'],
    ['libs/operations/src/probe.ts', '@change-ledger/change-requests'],
    ['apps/api/src/probe.ts', '@change-ledger/audit'],
    ['libs/domain/src/probe.ts', './stream-names'],
  ])('allows, in %s, an import of %s', (file, module) => {
    expect(lintSource(file, importing(module))).not.toContain('boundaries/element-types');
  });

  it('leaves specs free to reach what they check', () => {
    expect(
      lintSource('libs/policy/src/probe.spec.ts', importing('@change-ledger/event-store')),
    ).not.toContain('boundaries/element-types');
  });
});
