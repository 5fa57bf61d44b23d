import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded default and the tests' last-resort PostgreSQL, started for real. It runs in a
 * child Node process because the package is ESM-only and jest's CommonJS sandbox cannot load it.
 */
const root = path.resolve(__dirname, '../../..');

const script = `
  const { startEmbeddedPostgres } = require('./libs/local-postgres/src');
  const { Client } = require('pg');
  (async () => {
    const server = await startEmbeddedPostgres();
    const client = new Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query("SELECT current_setting('server_version_num')::int AS version, current_user AS login");
    await client.end();
    await server.stop();
    console.log(JSON.stringify({ ...rows[0], dataDir: server.dataDir }));
  })().catch((error) => { console.error(error); process.exit(1); });
`;

describe('embedded PostgreSQL', () => {
  it('starts a real server (as the postgres OS user when run as root), answers, and cleans up', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', script],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.stdout.trim().split('\n').pop()!) as {
      version: number;
      login: string;
      dataDir: string;
    };
    expect(answer.version).toBeGreaterThanOrEqual(150000);
    expect(answer.login).toBe('postgres');
    expect(existsSync(answer.dataDir)).toBe(false);
  }, 130_000);
});
