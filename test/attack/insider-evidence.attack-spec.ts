import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addMonths } from '@change-ledger/domain';
import { PostgresEventStore } from '@change-ledger/event-store';
import {
  newEvent,
  recordRetentionRun,
} from '@change-ledger/event-store/testing/event-store.contract';
import { generateSignerKey, parseSignerKey, verifierKey } from '@change-ledger/integrity';
import { type Client } from 'pg';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { API } from '../support/change-request-fixtures';
import { pastHistory } from '../support/history';
import { setDatabaseClock, untilCheckpointed } from '../support/store-clock';
import { bearer, type Person, useTestApi } from '../support/test-api';
import { retentionJobUrl, withClient } from '../support/test-database';
import { type RunningWitness, startWitness } from '../support/witness-process';

/**
 * Issue 24: an insider who knows the rules tries to rewrite the evidence. A ledger populated
 * through the API (history written in the past by moving the API's clock and the database's
 * together, and checkpointed as it went), a C2SP witness of its own cosigning every checkpoint,
 * then one attack after another: each is refused by PostgreSQL, or named by `ledger verify`
 * alone and with the witness (`--witness-key … --quorum 1`). The tests run in order on one
 * ledger; each attack touches streams of its own.
 *
 * The insider has what the roles give: the API's role (ledger_writer), the retention job's
 * login (ledger_retention_job), and for the attacks the database cannot refuse, a superuser who
 * switches the append-only triggers off for one transaction.
 */
const DAY = 86_400_000;
const stream = (id: string) => `change-request-${id}`;

describe('Evidence no insider can rewrite', () => {
  const signingKey = generateSignerKey('test.example/log');
  let witness: RunningWitness;
  let keyFile = '';
  let retentionUrl = '';
  const realNow = new Date();
  let now = realNow.getTime();

  const api = useTestApi(async () => {
    witness = await startWitness([verifierKey(parseSignerKey(signingKey))]);
    const dir = await mkdtemp(path.join(tmpdir(), 'insider-'));
    keyFile = path.join(dir, 'log.key');
    await writeFile(keyFile, signingKey);
    return {
      clock: { now: () => new Date(now) },
      log: {
        signingKey,
        intervalMs: 100,
        witnesses: [{ url: witness.url, key: witness.key }],
      },
      ledgerWholeAtEnd: false,
    };
  }, 120_000);
  afterAll(() => {
    witness?.process.kill('SIGTERM');
  });

  const http = () => request(api.app.getHttpServer());
  const post = async (route: string, who: Person, body: object) => {
    const response = await http().post(route).set(bearer(who)).send(body);
    if (response.status >= 300) throw new Error(`${route}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const change = (id: string, step = '') => `${API}/change-requests/${id}${step}`;
  const { completedChange } = pastHistory({
    databaseUrl: () => api.database.url,
    setApiClock: (when) => (now = when),
    post,
  });

  const env = () => ({ DATABASE_URL: api.database.url, RETENTION_DATABASE_URL: retentionUrl });
  const verify = async (...args: string[]) => {
    if (args.includes('--witness-key')) await untilCosigned();
    const result = await runLedgerCli(['verify', '--signing-key-file', keyFile, ...args], env());
    return { ...result, report: result.stdout ? JSON.parse(result.stdout) : undefined };
  };
  const withWitness = () => ['--witness-key', witness.key, '--quorum', '1'];
  /**
   * `ledger verify` exits 2 naming `failure` for that change alone, in full, and in full with the
   * witness's quorum (the change's own verify takes no witness: it says so).
   */
  async function expectNamed(changeId: string, failure: Record<string, unknown>) {
    for (const args of [[changeId], [], withWitness()]) {
      const result = await verify(...args);
      expect(result.status).toBe(2);
      expect(result.report.failures).toContainEqual(expect.objectContaining(failure));
    }
  }

  /** Until the witness has cosigned the latest checkpoint (submission runs beside signing). */
  async function untilCosigned() {
    for (let i = 0; i < 300; i++) {
      const { rows } = await withClient(api.database.url, (db) =>
        db.query<{ cosigned: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM ledger_log.cosignatures s
                           WHERE s.tree_size = (SELECT max(tree_size) FROM ledger_log.checkpoints)) AS cosigned`,
        ),
      );
      if (rows[0]!.cosigned) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the witness never cosigned the latest checkpoint: ${witness.output()}`);
  }

  /** Connected as the retention job's own login (RETENTION_DATABASE_URL). */
  const asRetentionJob = <T>(use: (db: Client) => Promise<T>) => withClient(retentionUrl, use);
  /** A superuser with the append-only triggers off for one transaction. */
  async function asSuperuser<T>(tables: string[], tamper: (db: Client) => Promise<T>) {
    return withClient(api.database.url, async (db) => {
      await db.query('BEGIN');
      for (const table of tables) await db.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      const result = await tamper(db);
      for (const table of tables) await db.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      await db.query('COMMIT');
      return result;
    });
  }
  /** The retention role records a run and a plan for these streams, as the job does. */
  async function planAsRetention(streams: { streamId: string; lastHash: string }[]) {
    const runId = randomUUID();
    const store = new PostgresEventStore({ connectionString: retentionUrl });
    try {
      await recordRetentionRun(store, runId, streams);
    } finally {
      await store.close();
    }
    await untilCheckpointed(api.database.url);
    return runId;
  }
  const lastOf = (db: Client, streamId: string) =>
    db
      .query<{ hash: string; revision: string }>(
        'SELECT hash, revision FROM ledger.events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1',
        [streamId],
      )
      .then(({ rows }) => rows[0]!);

  let old: string; // closed 37 months ago: retention's to prune
  let oldToo: string; // closed 37 months ago, pruned, then its tombstone rewritten
  let recent: string; // closed just now, under a legal hold
  let tail: string; // completed just now
  let live: string; // completed just now
  let timeShifted: string; // completed just now
  let claimedOld: string; // completed with the API's clock four years behind

  beforeAll(async () => {
    retentionUrl = await retentionJobUrl(api.database.url);

    // Past the seed policy's three years (and so the 12-month floor).
    old = await completedChange('Old', addMonths(realNow, -37));
    oldToo = await completedChange('Old too', new Date(addMonths(realNow, -37).getTime() + DAY));
    now = realNow.getTime();
    await setDatabaseClock(api.database.url);
    recent = await completedChange('Recent', new Date(Date.now()));
    tail = await completedChange('Tail', new Date(Date.now()));
    live = await completedChange('Live', new Date(Date.now()));
    timeShifted = await completedChange('Time shifted', new Date(Date.now()));
    await post('/api/v1/legal-holds', 'auditor', {
      change_request_id: recent,
      reason: 'Litigation hold',
    });
    // The API's clock four years behind, the database's right.
    now = addMonths(realNow, -48).getTime();
    claimedOld = (
      await post(`${API}/change-requests`, 'requester', {
        title: 'Claimed old',
        description: 'the API says 2022',
        change_type: 'bugfix',
        priority: 'low',
        affected_systems: ['billing'],
      })
    ).body.change_request_id;
    now = Date.now();
    await untilCheckpointed(api.database.url);
  }, 300_000);

  it(
    'starts whole: verify passes alone and with the witness',
    async () => {
      expect((await verify()).status).toBe(0);
      expect((await verify(...withWitness())).status).toBe(0);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "leaves alone what the API claims is old: a run prunes by the database's clock and the log's",
    async () => {
      const run = await runLedgerCli(
        ['retention', 'plan', '--as-of', new Date().toISOString()],
        env(),
      );
      expect(run.status).toBe(0);
      const plan = JSON.parse(run.stdout);
      const planned = JSON.stringify(plan.eligible);
      expect(planned).not.toContain(claimedOld);
      expect(planned).not.toContain(recent);
      expect(planned).toContain(old);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'prunes what retention may, and verify accepts it (alone; the witness saw it only now)',
    async () => {
      const run = await runLedgerCli(['retention', 'run'], env());
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ pruned: 2 });
      await http().get(change(old)).set(bearer('auditor')).expect(410);
      await untilCheckpointed(api.database.url);
      const alone = await verify();
      expect(alone.status).toBe(0);
      expect(alone.report.prunedByRetention).toHaveLength(2);
      // The witness cosigned its first checkpoint minutes ago: by its clock, the pruned changes
      // were on record for minutes, not three years. Only the log's own time vouches for their age.
      const witnessed = await verify(...withWitness());
      expect(witnessed.status).toBe(2);
      expect(witnessed.report.failures).toContainEqual(
        expect.objectContaining({
          kind: 'pruned_outside_retention',
          streamId: stream(old),
          detail: expect.stringMatching(/less than 12 months before its run's plan/),
        }),
      );
    },
    CLI_TEST_TIMEOUT_MS * 2,
  );

  it(
    'refuses the retention role a DELETE of its own, whatever the session sets',
    async () => {
      await asRetentionJob(async (db) => {
        await db.query(`SELECT set_config('ledger.deleting_stream', $1, false)`, [stream(recent)]);
        await expect(
          db.query('DELETE FROM ledger.events WHERE stream_id = $1', [stream(recent)]),
        ).rejects.toThrow(/permission denied/);
        await expect(
          db.query('DELETE FROM ledger.events WHERE stream_id = $1 AND revision > 3', [
            stream(recent),
          ]),
        ).rejects.toThrow(/permission denied/);
      });
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'refuses the retention role a forged hold release and the writer a forged retention plan',
    async () => {
      const retention = new PostgresEventStore({ connectionString: retentionUrl });
      const writer = new PostgresEventStore({
        connectionString: api.database.url,
        role: 'ledger_writer',
      });
      try {
        await expect(
          retention.appendToStream(
            'ledger-legal-holds',
            [newEvent('LegalHoldReleased', { holdId: 'any', reason: 'forged' })],
            { expectedRevision: 'any' },
          ),
        ).rejects.toThrow(/may not append to ledger-legal-holds/);
        await expect(
          recordRetentionRun(writer, randomUUID(), [
            { streamId: stream(recent), lastHash: '0'.repeat(64) },
          ]),
        ).rejects.toThrow(/may not append to ledger-retention-runs/);
      } finally {
        await Promise.all([retention.close(), writer.close()]);
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'refuses, through the function, a prune of a change closed a minute ago under a legal hold, whatever the plan says',
    async () => {
      const target = await withClient(api.database.url, (db) => lastOf(db, stream(recent)));
      const runId = await planAsRetention([{ streamId: stream(recent), lastHash: target.hash }]);
      await asRetentionJob(async (db) => {
        await expect(
          db.query('SELECT * FROM ledger.delete_stream($1, $2)', [stream(recent), runId]),
        ).rejects.toThrow(/younger than the 12-month retention floor/);
      });
      await http().get(change(recent)).set(bearer('auditor')).expect(200);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'names a forged prune past the function: a plan by the retention role, rows and tombstone by a superuser',
    async () => {
      const target = await withClient(api.database.url, (db) => lastOf(db, stream(recent)));
      const runId = await planAsRetention([{ streamId: stream(recent), lastHash: target.hash }]);
      await asSuperuser(['ledger.events', 'ledger.deleted_streams'], async (db) => {
        const { rows } = await db.query<{ count: string }>(
          'SELECT count(*) FROM ledger.events WHERE stream_id = $1',
          [stream(recent)],
        );
        await db.query(
          `INSERT INTO ledger.deleted_streams (stream_id, last_revision, last_hash, events_deleted,
             deleted_by, reason, run_id, deleted_at)
           VALUES ($1, $2, $3, $4, 'retention-job', 'retention run ' || $5, $5, now())`,
          [stream(recent), target.revision, target.hash, rows[0]!.count, runId],
        );
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1', [stream(recent)]);
      });
      await expectNamed(recent, {
        kind: 'pruned_outside_retention',
        streamId: stream(recent),
        detail: expect.stringMatching(/less than 12 months before its run's plan|legal hold/),
      });
    },
    CLI_TEST_TIMEOUT_MS * 3,
  );

  it(
    'names a tail-only "prune": the last two events gone behind a tombstone',
    async () => {
      await asSuperuser(['ledger.events', 'ledger.deleted_streams'], async (db) => {
        const last = await lastOf(db, stream(tail));
        await db.query('DELETE FROM ledger.events WHERE stream_id = $1 AND revision >= $2', [
          stream(tail),
          Number(last.revision) - 1,
        ]);
        await db.query(
          `INSERT INTO ledger.deleted_streams (stream_id, last_revision, last_hash, events_deleted,
             deleted_by, reason, run_id)
           VALUES ($1, $2, $3, 2, 'ledger_retention_job', 'retention', 'run-that-never-was')`,
          [stream(tail), last.revision, last.hash],
        );
      });
      await expectNamed(tail, { kind: 'pruned_outside_retention', streamId: stream(tail) });
    },
    CLI_TEST_TIMEOUT_MS * 3,
  );

  it(
    'names a tombstone inserted over a live change (which it froze)',
    async () => {
      await asSuperuser(['ledger.deleted_streams'], async (db) => {
        const last = await lastOf(db, stream(live));
        await db.query(
          `INSERT INTO ledger.deleted_streams (stream_id, last_revision, last_hash, events_deleted,
             deleted_by, reason, run_id)
           VALUES ($1, $2, $3, 0, 'ledger_retention_job', 'retention', $4)`,
          [stream(live), last.revision, last.hash, randomUUID()],
        );
      });
      await expectNamed(live, {
        kind: 'pruned_outside_retention',
        streamId: stream(live),
        detail: expect.stringMatching(/tombstone yet events of it remain/),
      });
    },
    CLI_TEST_TIMEOUT_MS * 3,
  );

  it.each([
    ['deleted_by', `deleted_by = 'someone-else'`, /its tombstone says someone-else deleted it/],
    ['events_deleted', 'events_deleted = events_deleted - 1', /its tombstone counts/],
    [
      'deleted_at',
      `deleted_at = deleted_at - interval '3 years'`,
      /dated .* before its run's plan/,
    ],
  ])(
    "names a pruned change's tombstone with its %s rewritten",
    async (_field, set, reason) => {
      await asSuperuser(['ledger.deleted_streams'], (db) =>
        db.query(`UPDATE ledger.deleted_streams SET ${set} WHERE stream_id = $1`, [stream(oldToo)]),
      );
      const result = await verify();
      expect(result.status).toBe(2);
      expect(result.report.failures).toContainEqual(
        expect.objectContaining({
          kind: 'pruned_outside_retention',
          streamId: stream(oldToo),
          detail: expect.stringMatching(reason),
        }),
      );
      // Put back, so that the next field's rewrite is the only one.
      await asSuperuser(['ledger.deleted_streams'], (db) =>
        db.query(
          `UPDATE ledger.deleted_streams d SET deleted_by = 'ledger_retention_job',
                  events_deleted = (SELECT count(*) FROM ledger_log.leaves l WHERE l.stream_id = d.stream_id),
                  deleted_at = CASE WHEN deleted_at < now() - interval '1 year'
                                    THEN deleted_at + interval '3 years' ELSE deleted_at END
            WHERE stream_id = $1`,
          [stream(oldToo)],
        ),
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'names an event whose store time a superuser moved: the hash covers it',
    async () => {
      await asSuperuser(['ledger.events'], (db) =>
        db.query(
          `UPDATE ledger.events SET recorded_at = recorded_at - interval '4 years'
            WHERE stream_id = $1 AND revision = 0`,
          [stream(timeShifted)],
        ),
      );
      await expectNamed(timeShifted, { kind: 'chain', streamId: stream(timeShifted) });
    },
    CLI_TEST_TIMEOUT_MS * 3,
  );
});
