import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The lint rule that keeps libs/domain pure (STYLE.md §2), checked against the real ESLint
 * configuration. ESLint runs in a child process: it loads its flat config with import(), which
 * jest's sandbox does not offer.
 */
const root = path.resolve(__dirname, '../..');

function lint(filePath: string, source: string): string[] {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      filePath,
    ],
    { cwd: root, input: source, encoding: 'utf8' },
  );
  const [report] = JSON.parse(result.stdout) as Array<{
    messages: Array<{ ruleId: string | null }>;
  }>;
  return report!.messages.map((message) => message.ruleId ?? 'fatal');
}

describe('libs/domain purity', () => {
  it.each([
    '@nestjs/common',
    'pg',
    'kafkajs',
    '@eventstore/db-client',
    '@change-ledger/event-store',
  ])('refuses an import of %s in libs/domain', (module) => {
    const source = `import * as forbidden from '${module}';\nexport const used = forbidden;\n`;
    expect(lint('libs/domain/src/probe.ts', source)).toContain('no-restricted-imports');
  });

  it('allows the same import outside libs/domain', () => {
    const source = `import * as allowed from '@nestjs/common';\nexport const used = allowed;\n`;
    expect(lint('libs/event-store/src/probe.ts', source)).toEqual([]);
  });
});
