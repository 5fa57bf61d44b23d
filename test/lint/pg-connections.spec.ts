import { lintSource } from './lint-source';

/**
 * The lint rule that keeps every PostgreSQL connection listened on (issue 23: a checked-out
 * client without an error listener ended the projector when PostgreSQL restarted), checked
 * against the real ESLint configuration.
 */
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
    expect(lintSource(file, source)).toContain('no-restricted-syntax');
  });

  it('allows createPool and createClient, and the wrapper itself', () => {
    const wrapped = `import { createClient, createPool } from '@change-ledger/event-store';\nexport const pool = createPool('probe', {});\nexport const client = createClient('probe', {});\n`;
    expect(lintSource('libs/notifications/src/probe.ts', wrapped)).toEqual([]);
    const wrapper = `import { Pool } from 'pg';\nexport const pool = new Pool({});\n`;
    expect(lintSource('libs/event-store/src/postgres/connections.ts', wrapper)).toEqual([]);
  });
});
