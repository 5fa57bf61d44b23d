import { lintSource } from './lint-source';

/**
 * The lint rule that keeps packages/verify installable alone (ADR 0026): Node, its own files and
 * tar-stream, nothing else — checked against the real ESLint configuration.
 */
describe('packages/verify imports', () => {
  it.each(['@change-ledger/integrity', '@nestjs/common', 'canonicalize', 'tar', 'crypto'])(
    'refuses an import of %s in packages/verify',
    (module) => {
      const source = `import * as forbidden from '${module}';\nexport const used = forbidden;\n`;
      expect(lintSource('packages/verify/src/probe.ts', source)).toContain('no-restricted-imports');
    },
  );

  it.each(['node:crypto', './merkle', 'tar-stream'])('allows %s', (module) => {
    const source = `import * as allowed from '${module}';\nexport const used = allowed;\n`;
    expect(lintSource('packages/verify/src/probe.ts', source)).toEqual([]);
  });
});
