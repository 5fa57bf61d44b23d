import { lintSource } from './lint-source';

/**
 * The lint rule that keeps libs/domain pure (STYLE.md §2), checked against the real ESLint
 * configuration.
 */
describe('libs/domain purity', () => {
  it.each([
    '@nestjs/common',
    'pg',
    'kafkajs',
    '@eventstore/db-client',
    '@change-ledger/event-store',
  ])('refuses an import of %s in libs/domain', (module) => {
    const source = `import * as forbidden from '${module}';\nexport const used = forbidden;\n`;
    expect(lintSource('libs/domain/src/probe.ts', source)).toContain('no-restricted-imports');
  });

  it('allows the same import outside libs/domain', () => {
    const source = `import * as allowed from '@nestjs/common';\nexport const used = allowed;\n`;
    expect(lintSource('libs/event-store/src/probe.ts', source)).toEqual([]);
  });
});
