import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from '@change-ledger/event-store';
import { migrateLedger } from '@change-ledger/operations';
import {
  type EmbeddedPostgresProcess,
  runEmbeddedPostgres,
} from '../support/embedded-postgres-process';
import {
  type App,
  appEnvironment,
  ciEventsRecorded,
  eventually,
  expectRebuildEqualAndVerified,
  startLedgerApps,
  startPipeline,
  startWriter,
} from '../support/ledger-under-load';

/** Short, so the test can wait out a claim its request died holding. */
const LEASE_SECONDS = 2;

/**
 * Issue 23: every process survives a PostgreSQL restart. The API, the projector (which hosts
 * the projections, the sequencer, the checkpointer and the notifier) and the ingestor run
 * compiled, as deployed, against a cluster of this test's own, while a writer keeps filing change
 * requests (each with an Idempotency-Key) and a pipeline keeps reporting CI events on Kafka.
 * PostgreSQL is restarted three times under that load — a fast shutdown, a crash (SIGKILL of the
 * postmaster), a fast shutdown again — and after each: every process is alive, not ready while it
 * is down and ready again after. At the end everything the API accepted is projected, sequenced
 * and checkpointed; every key left in doubt by a 503 resolves on retry (the first answer, or the
 * write run once: never stranded, never twice); every CI event is recorded once; the read models
 * equal a rebuild from event zero; and `ledger verify` exits 0.
 */
describe('when PostgreSQL restarts under load', () => {
  let folder: string;
  let postgres: EmbeddedPostgresProcess | undefined;
  const apps: App[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ledger-pg-restart-'));
  });
  // Stopping three apps (the ingestor leaves its consumer group) and PostgreSQL takes longer
  // than jest's default 5 s for a hook on a busy CI machine.
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await postgres?.stop();
    await rm(folder, { recursive: true, force: true });
  }, 60_000);

  it('keeps every process alive, not ready while it is down, and resumes every loop', async () => {
    const dataDir = path.join(folder, 'postgres');
    postgres = await runEmbeddedPostgres(dataDir);
    const url = postgres.url;
    await migrateLedger(url, { eventsInPostgres: true });
    const env = await appEnvironment(url, folder, LEASE_SECONDS);
    const { api, projector, topics, all } = await startLedgerApps(env);
    apps.push(...all);

    const writer = startWriter(api.baseUrl);
    const pipeline = await startPipeline(topics.events, topics.source);
    let restartedAt = 0;
    try {
      await writer.accepted(5, 20_000);

      for (const restart of ['fast shutdown', 'crash', 'fast shutdown again'] as const) {
        const before = writer.created.length;
        if (restart === 'crash') await postgres.crash();
        else await postgres.stop();
        // Down: both answer, alive, and say they are not ready.
        await Promise.all(apps.map((app) => app.notReady(15_000)));
        await sleep(1_000); // writes go on meanwhile, and are refused as unavailable
        postgres = await startAgain(dataDir);
        restartedAt = Date.now();
        await Promise.all(apps.map((app) => app.ready(30_000)));
        await writer.accepted(before + 5, 30_000);
        for (const app of apps) app.assertAlive(`after the ${restart}`);
      }
    } finally {
      await writer.stop();
      await pipeline.stop();
    }

    // Refused or accepted, never a bug: a 5xx other than 503 is one.
    expect(writer.statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(writer.statuses.filter((status) => status === 503).length).toBeGreaterThan(0);

    // Everything accepted is projected, every event is a leaf, and a checkpoint covers them all.
    const caughtUp = await eventually(60_000, () =>
      withClient('restart test', url, async (client) => {
        const { rows } = await client.query<{
          projected: string[];
          events: string;
          leaves: string;
          checkpoint: string | null;
          signed_at: Date | null;
        }>(
          `SELECT (SELECT array_agg(change_request_id) FROM read_models.change_requests) AS projected,
                  (SELECT count(*) FROM ledger.events) AS events,
                  (SELECT count(*) FROM ledger_log.leaves) AS leaves,
                  (SELECT max(tree_size) FROM ledger_log.checkpoints) AS checkpoint,
                  (SELECT max(signed_at) FROM ledger_log.checkpoints) AS signed_at`,
        );
        const row = rows[0]!;
        const projected = new Set(row.projected ?? []);
        const state = {
          unprojected: writer.created.filter((id) => !projected.has(id)),
          events: Number(row.events),
          leaves: Number(row.leaves),
          checkpoint: Number(row.checkpoint ?? 0),
          signedAfterRestart: (row.signed_at?.getTime() ?? 0) > restartedAt,
        };
        const done =
          state.unprojected.length === 0 &&
          state.leaves === state.events &&
          state.checkpoint === state.events &&
          state.signedAfterRestart;
        return { done, state };
      }),
    );
    expect(caughtUp.unprojected).toEqual([]);
    expect(caughtUp.leaves).toBe(caughtUp.events);
    expect(caughtUp.checkpoint).toBe(caughtUp.events);
    expect(caughtUp.signedAfterRestart).toBe(true);
    expect(writer.created.length).toBeGreaterThanOrEqual(15);

    // Every CI event reported through the restarts is recorded, once.
    const recorded = await eventually(60_000, async () => {
      const state = await ciEventsRecorded(url, topics.source);
      return { done: state.receipts >= pipeline.sent, state };
    });
    expect(pipeline.sent).toBeGreaterThan(0);
    expect(recorded).toEqual({ receipts: pipeline.sent, facts: pipeline.sent });
    // Every key a 503 left in doubt resolves once its lease is over: the first answer (a write
    // that was recorded) or the write run now, once — never IN_PROGRESS for good, never twice.
    expect(writer.inDoubt.length).toBeGreaterThan(0);
    await sleep(LEASE_SECONDS * 1000 + 500);
    for (const doubt of writer.inDoubt) {
      const answer = await writer.send(doubt.n);
      expect({ key: doubt.n, status: answer.status }).toEqual({ key: doubt.n, status: 201 });
      writer.created.push(answer.id!);
    }
    const titles = await withClient('restart test', url, async (client) => {
      const { rows } = await client.query<{ title: string; n: string }>(
        `SELECT data->'content'->>'title' AS title, count(*) AS n FROM ledger.events
          WHERE type = 'ChangeRequestCreated' GROUP BY 1 HAVING count(*) > 1`,
      );
      return rows;
    });
    expect(titles).toEqual([]);
    await eventually(60_000, () =>
      withClient('restart test', url, async (client) => {
        const { rows } = await client.query<{ ids: string[] }>(
          'SELECT array_agg(change_request_id) AS ids FROM read_models.change_requests',
        );
        const projected = new Set(rows[0]!.ids ?? []);
        return { done: writer.created.every((id) => projected.has(id)), state: null };
      }),
    );

    for (const app of apps) app.assertAlive('at the end');
    await Promise.all(apps.map((app) => app.ready(5_000)));

    // The read models the projector kept through three restarts are the ones a rebuild from
    // event zero makes, and the evidence verifies.
    await expectRebuildEqualAndVerified(url, env, projector);
  }, 240_000);
});

/** After a crash the old backends may hold shared memory a moment: PostgreSQL refuses to start. */
async function startAgain(dataDir: string): Promise<EmbeddedPostgresProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runEmbeddedPostgres(dataDir);
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(500);
    }
  }
}
