import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHANGE_REQUEST_STREAM_PREFIX } from '@change-ledger/domain';
import { withClient } from '@change-ledger/event-store';
import { freePort } from '@change-ledger/local-postgres';
import { durabilityWarnings, migrateLedger, readDurabilityFacts } from '@change-ledger/operations';
import { API } from '../support/change-request-fixtures';
import {
  type App,
  appEnvironment,
  ciEventsRecorded,
  eventually,
  expectRebuildEqualAndVerified,
  fileChangeRequest,
  startApp,
  startLedgerApps,
  startPipeline,
  startWriter,
} from '../support/ledger-under-load';
import { tokenOf } from '../support/test-api';
import { type PatroniCluster, startPatroniCluster } from '../support/test-patroni';

/** Short, so the test can wait out a claim its request died holding. */
const LEASE_SECONDS = 2;
const WRITERS = 8;

/**
 * Issue 29: the ledger on a real PostgreSQL cluster — three nodes under Patroni, synchronous
 * replication, HAProxy routing to the leader — through a planned switchover, the primary killed
 * with SIGKILL (Patroni and its PostgreSQL: the node lost), and a replica lost, while eight
 * writers file change requests with Idempotency-Keys and a pipeline reports CI events on Kafka.
 * The API, the projector (projections, sequencer, checkpointer, notifier) and the ingestor run
 * compiled, as deployed, against HAProxy's primary port.
 *
 * After the faults: every write the API acknowledged is stored exactly once (the writers' record
 * against the store), every key a 503 left in doubt resolves on retry, every CI event is recorded
 * once, every event is a leaf and a checkpoint signed after the faults covers them all, the read
 * models equal a rebuild, and `ledger verify` exits 0 trusting a checkpoint kept before the
 * faults (every later checkpoint extends it). Each fault's recovery time is printed.
 */
describe('the ledger on a Patroni cluster, through a switchover, a primary lost and a replica lost', () => {
  let folder: string;
  let cluster: PatroniCluster | undefined;
  const apps: App[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ledger-ha-'));
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await cluster?.stop();
    await rm(folder, { recursive: true, force: true });
  }, 120_000);

  it('loses nothing acknowledged, applies nothing twice, and keeps the log extending', async () => {
    cluster = await startPatroniCluster();
    const url = cluster.primaryUrl;
    // The cluster as the ledger sees it at start: a primary kept in step by its replicas, and a
    // replica that would refuse every write.
    expect(await readDurabilityFacts(url)).toMatchObject({ standby: false, replicas: 2 });
    expect(durabilityWarnings(await readDurabilityFacts(url))).toEqual([]);
    expect(durabilityWarnings(await readDurabilityFacts(cluster.replicaUrl))).toEqual([
      expect.stringContaining('reaches a standby'),
    ]);
    await migrateLedger(url, { eventsInPostgres: true });
    const env = await appEnvironment(url, folder, LEASE_SECONDS);
    // The read routes on the replicas (HAProxy's /replica port): writes stay on the primary.
    const { api, projector, topics, all } = await startLedgerApps(env, {
      DATABASE_READ_URL: cluster.replicaUrl,
    });
    apps.push(...all);

    // A write that reaches a standby (a node demoted a moment ago, before HAProxy routes away
    // from it) is refused as unavailable, to be retried — not a 500.
    const onStandby = startApp('api on a standby', 'apps/api/src/main.ts', {
      ...env,
      DATABASE_URL: cluster.replicaUrl,
      PORT: String(await freePort()),
      LEDGER_RUN_PROJECTOR: 'false',
    });
    try {
      await eventually(60_000, async () => ({
        done: await fetch(`${onStandby.baseUrl}/health/live`).then(
          (answer) => answer.ok,
          () => false, // not listening yet
        ),
        state: null,
      }));
      const refused = await fileChangeRequest(onStandby.baseUrl, 'on-a-standby');
      expect({ status: refused.status, output: onStandby.output() }).toMatchObject({
        status: 503,
        output: expect.stringContaining('reaches a standby'),
      });
    } finally {
      await onStandby.stop();
    }

    const writers = Array.from({ length: WRITERS }, (_, n) => startWriter(api.baseUrl, `ha-${n}`));
    const accepted = () => writers.reduce((sum, writer) => sum + writer.created.length, 0);
    const pipeline = await startPipeline(topics.events, topics.source);
    const recovery: Record<string, number> = {};
    const kept = path.join(folder, 'before-the-faults.checkpoint');
    try {
      await untilAccepted(accepted, WRITERS * 3, 30_000);
      // Read-your-writes from a replica: a read asked at a write's position waits for the
      // replica to have it, then shows it.
      for (let n = 0; n < 5; n++) {
        const written = await fileChangeRequest(api.baseUrl, `read-your-write-${n}`, `ryw-${n}`);
        expect(written.status).toBe(201);
        const listed = await fetch(
          `${api.baseUrl}${API}/change-requests?affected_system=ryw-${n}&min_position=${written.position}`,
          { headers: { authorization: `Bearer ${tokenOf('requester')}` } },
        );
        expect(listed.status).toBe(200);
        const { items } = (await listed.json()) as { items: { change_request_id: string }[] };
        expect(items.map((item) => item.change_request_id)).toEqual([written.id]);
        writers[0]!.created.push(written.id!);
      }
      // A checkpoint an auditor kept before the faults: every later one must extend it.
      const checkpoint = await eventually(30_000, async () => {
        const answer = await fetch(`${api.baseUrl}/api/v1/ledger/checkpoint`, {
          headers: { authorization: `Bearer ${tokenOf('requester')}` },
        });
        return { done: answer.ok, state: answer.ok ? await answer.text() : '' };
      });
      expect(checkpoint).toContain('test.example/log');
      await writeFile(kept, checkpoint);

      for (const fault of ['switchover', 'primary lost', 'replica lost'] as const) {
        const before = accepted();
        const started = Date.now();
        let lost: string | null = null;
        if (fault === 'switchover') await cluster.switchover();
        else if (fault === 'primary lost') {
          lost = await cluster.leader();
          await cluster.kill(lost);
          await cluster.primaryMovedFrom(lost);
        } else {
          const roles = await cluster.roles();
          lost = Object.keys(roles).find((node) => roles[node] !== 'leader')!;
          await cluster.kill(lost);
        }
        // Recovered: every writer has had a write acknowledged since the fault began.
        const counts = writers.map((writer) => writer.created.length);
        await eventually(90_000, async () => ({
          done: writers.every((writer, n) => writer.created.length > counts[n]!),
          state: null,
        }));
        recovery[fault] = (Date.now() - started) / 1000;
        expect(accepted()).toBeGreaterThan(before);
        for (const app of apps) app.assertAlive(`after the ${fault}`);
        // The next fault meets a whole cluster: a lost node back, and a synchronous standby
        // named again (Patroni promotes none other, so a leader lost before then stays lost).
        if (lost) await cluster.restart(lost);
        await cluster.healthy(120_000);
      }
    } finally {
      await Promise.all(writers.map((writer) => writer.stop()));
      await pipeline.stop();
    }

    const statuses = writers.flatMap((writer) => writer.statuses);
    // Refused or accepted, never a bug: a 5xx other than 503 is one.
    const bugs = statuses.filter((status) => status !== 201 && status !== 503);
    if (bugs.length > 0) console.log(`the API's last lines:\n${api.output()}`);
    expect(bugs).toEqual([]);
    // Every key a 503 left in doubt resolves once its lease is over: the first answer (a write
    // that was recorded) or the write run now, once — never IN_PROGRESS for good, never twice.
    await sleep(LEASE_SECONDS * 1000 + 500);
    for (const writer of writers)
      for (const doubt of writer.inDoubt) {
        const answer = await writer.send(doubt.n);
        expect({ key: doubt.n, status: answer.status }).toEqual({ key: doubt.n, status: 201 });
        writer.created.push(answer.id!);
      }
    const created = writers.flatMap((writer) => writer.created);

    // Every acknowledged write stored exactly once: one ChangeRequestCreated per write, no other.
    const stored = await withClient('ha test', url, async (client) => {
      const { rows } = await client.query<{ id: string; n: string }>(
        `SELECT substring(stream_id FROM length($1) + 1) AS id, count(*) AS n FROM ledger.events
          WHERE type = 'ChangeRequestCreated' GROUP BY 1`,
        [CHANGE_REQUEST_STREAM_PREFIX],
      );
      return new Map(rows.map((row) => [row.id, Number(row.n)]));
    });
    const figures = {
      acknowledged: new Set(created).size,
      stored: stored.size,
      lost: created.filter((id) => !stored.has(id)).length,
      duplicated: [...stored.values()].filter((n) => n > 1).length,
      answeredTwice: created.length - new Set(created).size,
      refusedAs503: statuses.filter((status) => status === 503).length,
    };
    console.log(
      `${cluster.description}\n` +
        `recovery (s): ${JSON.stringify(recovery)}\n` +
        `writes: ${JSON.stringify(figures)}; CI events sent: ${pipeline.sent}`,
    );
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, answeredTwice: 0 });
    expect(figures.stored).toBe(figures.acknowledged);

    // Everything is projected, every event is a leaf, and a checkpoint covers them all.
    const caughtUp = await eventually(90_000, () =>
      withClient('ha test', url, async (client) => {
        const { rows } = await client.query<{
          projected: string[];
          events: string;
          leaves: string;
          checkpoint: string | null;
        }>(
          `SELECT (SELECT array_agg(change_request_id) FROM read_models.change_requests) AS projected,
                  (SELECT count(*) FROM ledger.events) AS events,
                  (SELECT count(*) FROM ledger_log.leaves) AS leaves,
                  (SELECT max(tree_size) FROM ledger_log.checkpoints) AS checkpoint`,
        );
        const row = rows[0]!;
        const projected = new Set(row.projected ?? []);
        const state = {
          unprojected: created.filter((id) => !projected.has(id)),
          events: Number(row.events),
          leaves: Number(row.leaves),
          checkpoint: Number(row.checkpoint ?? 0),
        };
        const done =
          state.unprojected.length === 0 &&
          state.leaves === state.events &&
          state.checkpoint === state.events;
        return { done, state };
      }),
    );
    expect(caughtUp.unprojected).toEqual([]);
    expect(caughtUp.leaves).toBe(caughtUp.events);
    expect(caughtUp.checkpoint).toBe(caughtUp.events);

    // Every CI event reported through the faults is recorded, once.
    const recorded = await eventually(60_000, async () => {
      const state = await ciEventsRecorded(url, topics.source);
      return { done: state.receipts >= pipeline.sent, state };
    });
    expect(pipeline.sent).toBeGreaterThan(0);
    expect(recorded).toEqual({ receipts: pipeline.sent, facts: pipeline.sent });

    for (const app of apps) app.assertAlive('at the end');
    await Promise.all(apps.map((app) => app.ready(10_000)));

    // The read models the projector kept through the faults are a rebuild's, and the evidence
    // verifies against the checkpoint kept before them.
    await expectRebuildEqualAndVerified(url, env, projector, [
      '--strict',
      '--trusted-checkpoint',
      kept,
    ]);
  }, 600_000);
});

async function untilAccepted(accepted: () => number, count: number, withinMs: number) {
  await eventually(withinMs, async () => ({ done: accepted() >= count, state: null }));
  expect(accepted()).toBeGreaterThanOrEqual(count);
}
