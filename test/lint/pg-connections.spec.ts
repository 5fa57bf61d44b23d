import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The lint rule that keeps every PostgreSQL connection listened on (issue 23: a checked-out
 * client without an error listener ended the projector when PostgreSQL restarted), checked
 * against the real ESLint configuration, in a child process as domain-purity.spec.ts explains.
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

describe('PostgreSQL connections', () => {
  it.each([
    [
      'libs/notifications/src/probe.ts',
      `import { Pool } from 'pg';\nexport const pool = new Pool({});\n`,
    ],
    [
      'apps/ledger/src/probe.ts',
      `import { Client } from 'pg';\nexport const client = new Client({});\n`,
    ],
    ['test/support/probe.ts', `import * as pg from 'pg';\nexport const pool = new pg.Pool({});\n`],
    [
      'libs/read-models/src/probe.ts',
      `import { Pool as Renamed } from 'pg';\nexport const pool = new Renamed({});\nexport const again = new (require('pg').Client)({});\n`,
    ],
  ])('refuses a bare pg connection in %s', (file, source) => {
    expect(lint(file, source)).toContain('no-restricted-syntax');
  });

  it('allows createPool and createClient, and the wrapper itself', () => {
    const wrapped = `import { createClient, createPool } from '@change-ledger/event-store';\nexport const pool = createPool('probe', {});\nexport const client = createClient('probe', {});\n`;
    expect(lint('libs/notifications/src/probe.ts', wrapped)).toEqual([]);
    const wrapper = `import { Pool } from 'pg';\nexport const pool = new Pool({});\n`;
    expect(lint('libs/event-store/src/postgres/connections.ts', wrapper)).toEqual([]);
  });
});
