import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashEvent, type NewEvent, PostgresEventStore } from '@change-ledger/event-store';
import { recordRetentionRun } from '@change-ledger/event-store/testing/event-store.contract';
import { generateSignerKey } from '@change-ledger/integrity';
import { type Client } from 'pg';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { setDatabaseClock } from '../support/store-clock';
import { sequenceAndSign } from '../support/sequence-and-sign';
import { createTestDatabase, type TestDatabase, withClient } from '../support/test-database';

/**
 * The attacks of issue 11, each done directly in PostgreSQL as a superuser (triggers switched
 * off) AFTER a checkpoint was published to a witness directory. `ledger verify --witness-dir`
 * must exit 2 and name the first thing that does not verify.
 */
const STREAMS = ['CHG-2026-001', 'CHG-2026-002', 'CHG-2026-003'];
const stream = (id: string) => `change-request-${id}`;
const CLI_TIMEOUT = 120_000;

function event(n: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'ChangeNoted',
    data: { n, approver: 'erin' },
    metadata: {
      actor: { id: 'user-123', kind: 'user', roles: ['engineer'], authenticatedBy: 'api-token' },
      occurredAt: '2026-03-01T09:00:00Z',
      correlationId: randomUUID(),
      source: { kind: 'system', process: 'test' },
    },
  };
}

interface Ledger {
  database: TestDatabase;
  witnessDir: string;
  keyFile: string;
  signingKey: string;
}

/** Five events in each of three streams, sequenced, one checkpoint published to the witness. */
async function ledgerWithWitnessedCheckpoint(): Promise<Ledger> {
  const database = await createTestDatabase();
  // Recorded and checkpointed two years ago by the database's clock: past the 12-month floor, so
  // retention may prune them.
  const twoYearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000);
  await setDatabaseClock(database.url, twoYearsAgo);
  const store = new PostgresEventStore({
    connectionString: database.url,
    role: 'ledger_writer',
    clock: () => twoYearsAgo,
  });
  for (let revision = 0; revision < 5; revision++)
    for (const id of STREAMS)
      await store.appendToStream(stream(id), [event(revision)], { expectedRevision: 'any' });
  await store.close();
  const witnessDir = await mkdtemp(path.join(tmpdir(), 'witness-'));
  const signingKey = generateSignerKey('test.example/log');
  const keyFile = path.join(witnessDir, '..', `${path.basename(witnessDir)}.key`);
  await writeFile(keyFile, signingKey);
  await sequenceAndSign(database.url, signingKey, witnessDir);
  await setDatabaseClock(database.url);
  return { database, witnessDir, keyFile, signingKey };
}

async function asSuperuser(ledger: Ledger, tamper: (db: Client) => Promise<void>) {
  await withClient(ledger.database.url, async (db) => {
    await db.query('SET session_replication_role = replica');
    await tamper(db);
  });
}

interface Row {
  global_seq: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  store_time: string | null;
}

/** Re-hashes a stream's chain from `fromRevision` to its tail, as a careful attacker would. */
async function rehash(db: Client, streamId: string, fromRevision: number) {
  const { rows } = await db.query<Row>(
    `SELECT *, CASE WHEN hash_format = 2 THEN ledger.instant_text(recorded_at) END AS store_time
       FROM ledger.events WHERE stream_id = $1 ORDER BY revision`,
    [streamId],
  );
  let prevHash = fromRevision === 0 ? '0'.repeat(64) : rows[fromRevision - 1]!.hash;
  for (const row of rows.slice(fromRevision)) {
    const hash = hashEvent({
      streamId,
      revision: Number(row.revision),
      id: row.event_id,
      type: row.type,
      data: row.data as never,
      metadata: row.metadata as never,
      prevHash,
      // The store's time is hashed too (hash_format 2): a careful attacker keeps it.
      recordedAt: row.store_time ?? undefined,
    });
    await db.query('UPDATE ledger.events SET prev_hash = $2, hash = $3 WHERE global_seq = $1', [
      row.global_seq,
      prevHash,
      hash,
    ]);
    prevHash = hash;
  }
}

async function verify(ledger: Ledger, ...args: string[]) {
  const result = await runLedgerCli(
    ['verify', '--witness-dir', ledger.witnessDir, '--signing-key-file', ledger.keyFile, ...args],
    { DATABASE_URL: ledger.database.url },
  );
  const report = result.stdout ? JSON.parse(result.stdout) : undefined;
  return { ...result, report };
}

describe('tamper evidence: ledger verify --witness-dir', () => {
  const ledgers: Ledger[] = [];
  const fresh = async () => {
    const ledger = await ledgerWithWitnessedCheckpoint();
    ledgers.push(ledger);
    return ledger;
  };
  // A database per attack: dropping them all takes longer than jest's 5 s on a loaded machine.
  afterAll(async () => {
    await Promise.all(ledgers.map((ledger) => ledger.database.drop()));
  }, CLI_TEST_TIMEOUT_MS);

  it(
    'exits 0 when nothing was touched, and verifies one change request with its inclusion',
    async () => {
      const ledger = await fresh();
      const all = await verify(ledger);
      expect(all.status).toBe(0);
      expect(all.report).toMatchObject({
        valid: true,
        eventsChecked: 15,
        leavesChecked: 15,
        checkpointsChecked: 1,
        trustedCheckpointsChecked: 2,
      });
      const one = await runLedgerCli(
        ['verify', 'CHG-2026-002', '--signing-key-file', ledger.keyFile],
        { DATABASE_URL: ledger.database.url },
      );
      expect(one.status).toBe(0);
      expect(JSON.parse(one.stdout)).toMatchObject({
        valid: true,
        eventsChecked: 5,
        inclusion: { checkpointSize: 15, included: 5, pending: 0 },
        failures: [],
      });
      const never = await runLedgerCli(['verify', 'CHG-2030-999'], {
        DATABASE_URL: ledger.database.url,
      });
      expect(never.status).not.toBe(0);
      expect(never.stderr).toMatch(/never did/);
    },
    CLI_TIMEOUT,
  );

  it(
    'reports a stream pruned by a retention run as such, by run, not as tampering',
    async () => {
      const ledger = await fresh();
      const writer = new PostgresEventStore({
        connectionString: ledger.database.url,
        role: 'ledger_writer',
      });
      const retention = new PostgresEventStore({
        connectionString: ledger.database.url,
        role: 'ledger_retention',
      });
      const [last] = await writer.readStream(stream('CHG-2026-001'), {
        direction: 'backwards',
        maxCount: 1,
      });
      const runId = randomUUID();
      // Recorded as the job records it: by the login that then deletes (the tombstone's deleted_by).
      await recordRetentionRun(
        retention,
        runId,
        [{ streamId: stream('CHG-2026-001'), lastHash: last!.integrity.hash }],
        new URL(ledger.database.url).username,
      );
      // The plan checkpointed before anything goes, as the job waits for the projector to do.
      await sequenceAndSign(ledger.database.url, ledger.signingKey);
      await retention.deleteStream(stream('CHG-2026-001'), { runId });
      await Promise.all([writer.close(), retention.close()]);
      const result = await verify(ledger);
      expect(result.status).toBe(0);
      expect(result.report.prunedByRetention).toEqual([
        { streamId: stream('CHG-2026-001'), leaves: 5, runId },
      ]);
      expect(result.report.prunedByRun).toEqual([
        expect.objectContaining({ runId, streams: 1, leaves: 5 }),
      ]);
      const one = await verify(ledger, 'CHG-2026-001');
      expect(one.status).toBe(0);
      expect(one.report).toMatchObject({
        status: 'pruned_by_retention',
        valid: true,
        runId,
        leavesChecked: 5,
        // The run's two events (started, planned) were checkpointed before the deletion.
        inclusion: { checkpointSize: 17, included: 5 },
      });
    },
    CLI_TIMEOUT,
  );

  it(
    'still names a stream deleted by any other path, tombstone and all, as tampering',
    async () => {
      const ledger = await fresh();
      await asSuperuser(ledger, async (db) => {
        const { rows } = await db.query<{ hash: string }>(
          'SELECT hash FROM ledger.events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1',
          [stream('CHG-2026-003')],
        );
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1', [stream('CHG-2026-003')]);
        await db.query(
          `INSERT INTO ledger.deleted_streams (stream_id, last_revision, last_hash, events_deleted, deleted_by, reason, run_id)
           VALUES ($1, 4, $2, 5, 'retention', 'past retention', 'run-that-never-was')`,
          [stream('CHG-2026-003'), rows[0]!.hash],
        );
      });
      const result = await verify(ledger);
      expect(result.status).toBe(2);
      expect(result.report.firstFailure).toMatchObject({
        kind: 'pruned_outside_retention',
        streamId: stream('CHG-2026-003'),
      });
      const one = await verify(ledger, 'CHG-2026-003');
      expect(one.status).toBe(2);
      expect(one.report.firstFailure).toEqual(result.report.firstFailure);
    },
    CLI_TIMEOUT,
  );

  const attacks: {
    name: string;
    tamper: (db: Client, ledger: Ledger) => Promise<void>;
    first: Record<string, unknown>;
  }[] = [
    {
      name: 'alter a payload',
      tamper: async (db) => {
        await db.query(
          `UPDATE ledger.events SET data = jsonb_set(data, '{approver}', '"mallory"') WHERE stream_id = $1 AND revision = 2`,
          [stream('CHG-2026-002')],
        );
      },
      first: { kind: 'chain', streamId: stream('CHG-2026-002'), revision: 2 },
    },
    {
      name: 'alter a payload and re-hash to the tail',
      tamper: async (db) => {
        await db.query(
          `UPDATE ledger.events SET data = jsonb_set(data, '{approver}', '"mallory"') WHERE stream_id = $1 AND revision = 2`,
          [stream('CHG-2026-002')],
        );
        await rehash(db, stream('CHG-2026-002'), 2);
      },
      first: { kind: 'leaf_mismatch', streamId: stream('CHG-2026-002'), revision: 2, leafIndex: 7 },
    },
    {
      name: 'delete a middle event',
      tamper: async (db) => {
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1 AND revision = 2', [
          stream('CHG-2026-003'),
        ]);
      },
      first: { kind: 'event_missing', streamId: stream('CHG-2026-003'), revision: 2, leafIndex: 8 },
    },
    {
      name: 'delete the last event',
      tamper: async (db) => {
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1 AND revision = 4', [
          stream('CHG-2026-001'),
        ]);
      },
      first: {
        kind: 'event_missing',
        streamId: stream('CHG-2026-001'),
        revision: 4,
        leafIndex: 12,
      },
    },
    {
      name: 'delete the last three events',
      tamper: async (db) => {
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1 AND revision >= 2', [
          stream('CHG-2026-001'),
        ]);
      },
      first: { kind: 'event_missing', streamId: stream('CHG-2026-001'), revision: 2, leafIndex: 6 },
    },
    {
      name: 'delete a whole stream without a tombstone',
      tamper: async (db) => {
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1', [stream('CHG-2026-002')]);
      },
      first: { kind: 'event_missing', streamId: stream('CHG-2026-002'), revision: 0, leafIndex: 1 },
    },
    {
      name: 'swap two events and re-hash',
      tamper: async (db) => {
        const s = stream('CHG-2026-003');
        const { rows } = await db.query<Row>(
          'SELECT * FROM ledger.events WHERE stream_id = $1 AND revision IN (1, 2) ORDER BY revision',
          [s],
        );
        const [one, two] = rows as [Row, Row];
        for (const [target, source] of [
          [one, two],
          [two, one],
        ] as const)
          await db.query(
            'UPDATE ledger.events SET data = $2, metadata = $3 WHERE global_seq = $1',
            [target.global_seq, source.data, source.metadata],
          );
        await rehash(db, s, 1);
      },
      first: { kind: 'leaf_mismatch', streamId: stream('CHG-2026-003'), revision: 1, leafIndex: 5 },
    },
    {
      name: 'insert a forged event and re-hash',
      tamper: async (db) => {
        const s = stream('CHG-2026-001');
        // Make room at revision 2 (in two steps: the unique key is checked row by row).
        await db.query(
          'UPDATE ledger.events SET revision = revision + 1000 WHERE stream_id = $1 AND revision >= 2',
          [s],
        );
        await db.query(
          'UPDATE ledger.events SET revision = revision - 999 WHERE stream_id = $1 AND revision >= 1000',
          [s],
        );
        const forged = event(42);
        await db.query(
          `INSERT INTO ledger.events (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at)
           SELECT $1, stream_id, 2, type, $2, metadata, prev_hash, hash, recorded_at FROM ledger.events
            WHERE stream_id = $3 AND revision = 3`,
          [forged.id, { n: 42, approver: 'mallory' }, s],
        );
        await rehash(db, s, 2);
      },
      first: { kind: 'leaf_mismatch', streamId: stream('CHG-2026-001'), revision: 3, leafIndex: 6 },
    },
    {
      name: 'append a forged event, dated back among the sequenced ones, and hash it in',
      tamper: async (db) => {
        const s = stream('CHG-2026-002');
        const forged = event(42);
        // Its global position (transaction, sequence) falls before the stream's first leaf.
        await db.query(
          `INSERT INTO ledger.events (global_seq, transaction_id, event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at)
           OVERRIDING SYSTEM VALUE
           SELECT 0, transaction_id, $1, stream_id, 5, type, $2, metadata, prev_hash, hash, recorded_at
             FROM ledger.events WHERE stream_id = $3 AND revision = 0`,
          [forged.id, { n: 42, approver: 'mallory' }, s],
        );
        await rehash(db, s, 5);
      },
      first: { kind: 'event_not_in_log', streamId: stream('CHG-2026-002'), revision: 5 },
    },
    {
      name: 'rewrite the events, the leaves, the tree and the checkpoints consistently (with the key)',
      tamper: async (db, ledger) => {
        await db.query(
          `UPDATE ledger.events SET data = jsonb_set(data, '{approver}', '"mallory"') WHERE stream_id = $1 AND revision = 0`,
          [stream('CHG-2026-001')],
        );
        await rehash(db, stream('CHG-2026-001'), 0);
        await db.query('TRUNCATE ledger_log.leaves, ledger_log.tree_nodes, ledger_log.checkpoints');
        // Re-sequenced and re-signed by the attacker, who also holds the signing key; not published.
        await sequenceAndSign(ledger.database.url, ledger.signingKey);
      },
      first: { kind: 'checkpoint_mismatch', treeSize: 15 },
    },
  ];

  it.each(attacks)(
    'exits 2 and names the first failure: $name',
    async ({ tamper, first }) => {
      const ledger = await fresh();
      await asSuperuser(ledger, (db) => tamper(db, ledger));
      const result = await verify(ledger);
      expect(result.status).toBe(2);
      expect(result.report.valid).toBe(false);
      expect(result.report.firstFailure).toMatchObject(first);
      expect(result.stderr).toMatch(/TAMPERING/);
      // The verify of that one change request is as strict, in the same words.
      const streamId = first.streamId as string | undefined;
      if (streamId) {
        const one = await verify(ledger, streamId.replace('change-request-', ''));
        expect(one.status).toBe(2);
        expect(one.report.failures).toContainEqual(result.report.firstFailure);
      }
    },
    CLI_TIMEOUT,
  );
});
