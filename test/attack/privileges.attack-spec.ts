import { type Client } from 'pg';
import { createApprovedChange } from '../support/change-request-fixtures';
import { useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

/**
 * Issue 24, "only the rules delete, only the store writes": the privileges matrix. A ledger
 * populated through the API; then every role the migrations create, and the logins the README
 * documents, try every write on every table of the evidence (events, tombstones, the store's
 * clock, the log's leaves, nodes, checkpoints and cosignatures) and every write function outside
 * their part. Each must be refused by PostgreSQL, and nothing may have changed.
 */
const TABLES = [
  'ledger.events',
  'ledger.deleted_streams',
  'ledger.clock_adjustment',
  'ledger_log.leaves',
  'ledger_log.tree_nodes',
  'ledger_log.checkpoints',
  'ledger_log.cosignatures',
];
const ROLES = [
  'ledger_writer',
  'ledger_reader',
  'ledger_retention',
  'ledger_sequencer',
  'ledger_projector',
  'ledger_dashboard',
];
/** Logins as the README has operators create them. */
const LOGINS = [
  { login: 'ledger_retention_job', role: 'ledger_retention' },
  { login: 'ledger_api_login', role: 'ledger_writer' },
  { login: 'ledger_projector_login', role: 'ledger_sequencer' },
];

/** Each statement plans the write (privileges are checked then) and touches no row. */
const EVENT_COLUMNS =
  'event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at';
const writes = (table: string) => [
  table === 'ledger.events'
    ? `INSERT INTO ${table} (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM ${table} WHERE false`
    : `INSERT INTO ${table} SELECT * FROM ${table} WHERE false`,
  `UPDATE ${table} SET ${firstColumn(table)} = ${firstColumn(table)} WHERE false`,
  `DELETE FROM ${table} WHERE false`,
  `TRUNCATE ${table}`,
];
function firstColumn(table: string): string {
  return (
    {
      'ledger.events': 'type',
      'ledger.deleted_streams': 'reason',
      'ledger.clock_adjustment': 'offset_by',
      'ledger_log.leaves': 'stream_id',
      'ledger_log.tree_nodes': 'hash',
      'ledger_log.checkpoints': 'note',
      'ledger_log.cosignatures': 'witness_name',
    } as Record<string, string>
  )[table]!;
}

const APPEND = (streamId: string) =>
  `SELECT * FROM ledger.append_events(ARRAY['${streamId}'], ARRAY[NULL]::bigint[], ARRAY[1],
     ARRAY[gen_random_uuid()], ARRAY['Forged'], ARRAY['{"data":{},"id":"x","metadata":{},"prevHash":"'],
     ARRAY[',"streamId":"${streamId}","type":"Forged"}'], false)`;

describe('The privileges matrix', () => {
  const api = useTestApi();
  let changeId = '';
  let before = '';

  const snapshot = () =>
    withClient(api.database.url, async (db) => {
      const counts: string[] = [];
      for (const table of TABLES) {
        const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        counts.push(`${table}=${rows[0]!.n}`);
      }
      const { rows } = await db.query<{ offset_by: string }>(
        'SELECT offset_by::text FROM ledger.clock_adjustment',
      );
      return `${counts.join(' ')} clock=${rows[0]!.offset_by}`;
    });

  beforeAll(async () => {
    changeId = await createApprovedChange(api.app, { title: 'Evidence', links: {} });
    await withClient(api.database.url, async (admin) => {
      for (const { login, role } of LOGINS)
        await admin.query(`DO $$ BEGIN
            CREATE ROLE ${login} LOGIN IN ROLE ${role};
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    });
    // Let the sequencer take every event, so the counts below stand still.
    for (let i = 0; i < 300; i++) {
      const { rows } = await withClient(api.database.url, (db) =>
        db.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM ledger.events e
            WHERE NOT EXISTS (SELECT 1 FROM ledger_log.leaves l WHERE l.event_id = e.event_id)`,
        ),
      );
      if (rows[0]!.waiting === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    before = await snapshot();
  }, 120_000);

  const asRole = <T>(role: string, use: (db: Client) => Promise<T>) =>
    withClient(api.database.url, async (db) => {
      await db.query(`SET ROLE ${role}`);
      return use(db);
    });
  const asLogin = <T>(login: string, use: (db: Client) => Promise<T>) => {
    const url = new URL(api.database.url);
    url.username = login;
    return withClient(url.toString(), use);
  };
  const principals = [
    ...ROLES.map((role) => ({ name: role, connect: asRole.bind(null, role) })),
    ...LOGINS.map(({ login }) => ({ name: `login ${login}`, connect: asLogin.bind(null, login) })),
  ] as { name: string; connect: <T>(use: (db: Client) => Promise<T>) => Promise<T> }[];

  it.each(principals.flatMap((p) => TABLES.map((table) => [p.name, table, p] as const)))(
    '%s may not write %s',
    async (_name, table, principal) => {
      await principal.connect(async (db) => {
        for (const statement of writes(table))
          await expect(db.query(statement)).rejects.toThrow(/permission denied/);
      });
    },
  );

  it.each(principals.map((p) => [p.name, p] as const))(
    '%s may call no write function outside its part',
    async (name, principal) => {
      const role = name.startsWith('login ')
        ? LOGINS.find((l) => `login ${l.login}` === name)!.role
        : name;
      await principal.connect(async (db) => {
        if (role !== 'ledger_writer')
          await expect(db.query(APPEND(`change-request-${changeId}`))).rejects.toThrow(
            /permission denied|may not append/,
          );
        if (role !== 'ledger_retention')
          await expect(db.query(APPEND('ledger-retention-runs'))).rejects.toThrow(
            /permission denied|may not append/,
          );
        if (role !== 'ledger_retention')
          await expect(
            db.query(`SELECT * FROM ledger.delete_stream($1, 'run')`, [
              `change-request-${changeId}`,
            ]),
          ).rejects.toThrow(/permission denied/);
        if (role !== 'ledger_sequencer') {
          await expect(
            db.query(
              `SELECT ledger_log.append_leaves('{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')`,
            ),
          ).rejects.toThrow(/permission denied/);
          await expect(
            db.query(`SELECT ledger_log.add_checkpoint(1, '\\x00', 'o', 'n', 'k')`),
          ).rejects.toThrow(/permission denied/);
          await expect(
            db.query(`SELECT ledger_log.add_cosignature(1, 'k', 'n', now(), 's', 'b')`),
          ).rejects.toThrow(/permission denied/);
        }
      });
    },
  );

  it('leaves the ledger as it was', async () => {
    expect(await snapshot()).toBe(before);
  });
});
