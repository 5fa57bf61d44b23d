import { type ChildProcess } from 'node:child_process';
import { pipelineRun } from '@change-ledger/domain/change-request/testing/specs';
import { type PostgresEventStore } from '@change-ledger/event-store';
import { type Pool } from 'pg';
import { spawnSlowProjector } from '../../../../test/support/slow-projector';
import { rolePool, useTestDatabase, withClient } from '../../../../test/support/test-database';
import { ciEventsProjection } from '../ci-events/ci-events.projection';
import { appendCiReceipt } from '../testing/ci-receipts';
import { ProjectionRunner } from './projection-runner';

const database = useTestDatabase();
let store: PostgresEventStore;
let pool: Pool;
const children: ChildProcess[] = [];
const runners: ProjectionRunner[] = [];

beforeAll(() => {
  store = database.writerStore();
  pool = database.rolePool('projection-handover test', 'ledger_projector');
  // Closed first (the fixture closes in reverse): what still projects, then the store and pool.
  database.closeFirst(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(runners.map((runner) => runner.stop()));
  });
});

/** A terminated backend (the test does it on purpose) is reported on the pool, not thrown. */
function projectorPool(): Pool {
  return rolePool('projection-handover test', database.url, 'ledger_projector');
}

/** A live runner in this process, quick to notice what the tests do to it. */
function liveRunner(): ProjectionRunner {
  const runner = new ProjectionRunner({
    store,
    pool: projectorPool(),
    projections: [ciEventsProjection],
    batchSize: 5,
    pollIntervalMs: 50,
    lockCheckMs: 100,
  });
  runners.push(runner);
  return runner;
}

let received = 0;
/** `count` CI receipts, each in its own stream, as the ingestion handler writes them. */
async function receive(count: number): Promise<void> {
  for (let k = 0; k < count; k++) {
    const id = `handover-${received++}`;
    const reported = pipelineRun({
      source: 'ci-handover',
      id,
      occurredAt: '2026-11-20T09:00:00.000Z',
    });

    await appendCiReceipt(store, `ci-event-${id}`, reported);
  }
}

const superuser = <T>(sql: string, params: unknown[] = []) =>
  withClient(database.url, async (client) => (await client.query(sql, params)).rows as T[]);

/** The backend holding ci-events' lock, if any. */
async function lockHolder(): Promise<number | undefined> {
  const rows = await superuser<{ pid: number }>(
    `SELECT pid FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND classid = 1820 AND objid = hashtext('ci-events')::oid
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0]?.pid;
}

async function applied(): Promise<{ eventsApplied: number; rows: number }> {
  const [checkpoint] = await superuser<{ events_applied: string }>(
    `SELECT events_applied FROM read_models.checkpoints WHERE projection = 'ci-events'`,
  );
  const [count] = await superuser<{ n: number }>(
    `SELECT count(*)::int AS n FROM read_models.ci_events WHERE source = 'ci-handover'`,
  );
  return { eventsApplied: Number(checkpoint?.events_applied ?? 0), rows: count!.n };
}

/** Polls `condition`; generous, since a child process compiles the libraries before it starts. */
async function until(what: string, condition: () => Promise<boolean>, ms = 45_000) {
  for (const started = Date.now(); !(await condition());) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A slowed ci-events runner in a process of its own (batches and rebuild pages of 5), doing `run`. */
function slowProjector(run: string): ChildProcess {
  const child = spawnSlowProjector({
    databaseUrl: database.url,
    projection: 'ciEventsProjection',
    msPerEvent: 60,
    runnerOptions: 'batchSize: 5, rebuildPageSize: 5, pollIntervalMs: 50',
    run,
  });
  child.stdout!.resume(); // its 'ready' and logs are not needed: drained, so it never blocks
  children.push(child);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

const allApplied = () =>
  until('every receipt is applied', async () => (await applied()).rows === received);

describe('ProjectionRunner replicas', () => {
  describe('when the replica that projects is killed (kill -9)', () => {
    it('a standby takes over from the last committed batch: nothing lost, nothing twice', async () => {
      await receive(40);
      // The first replica: its own process, slowed inside each batch so the kill lands mid-way.
      const child = slowProjector('runner.start()');
      await until('the first replica has applied a batch', async () => {
        const { eventsApplied } = await applied();
        return eventsApplied >= 5 && eventsApplied < 40;
      });
      const first = await lockHolder();
      expect(first).toBeDefined();

      // The standby: tries, finds the lock held, waits.
      const standby = liveRunner();
      standby.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await lockHolder()).toBe(first);

      await kill(child);
      const atKill = (await applied()).eventsApplied;
      expect(atKill % 5).toBe(0); // whole batches only
      expect(atKill).toBeLessThan(40);

      await receive(10); // arriving while the standby takes over
      await allApplied();
      expect(await lockHolder()).not.toBe(first);
      expect(await applied()).toEqual({ eventsApplied: received, rows: received });
    }, 120_000);
  });

  describe("when the projecting replica's database connection drops", () => {
    it('another replica takes over and the first applies nothing more', async () => {
      const other = liveRunner();
      other.start();
      const first = await lockHolder();
      await superuser('SELECT pg_terminate_backend($1)', [first]);
      await until('another backend holds the lock', async () => {
        const holder = await lockHolder();
        return holder !== undefined && holder !== first;
      });

      await receive(15);
      await allApplied();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await applied()).toEqual({ eventsApplied: received, rows: received });
    }, 60_000);
  });

  describe('when a rebuild is asked for while a replica follows', () => {
    it('the replica hands the lock over, then follows on from the rebuilt checkpoint', async () => {
      const holder = await lockHolder();
      expect(holder).toBeDefined();
      const rebuilder = new ProjectionRunner({ store, pool, projections: [ciEventsProjection] });
      await expect(rebuilder.rebuild(ciEventsProjection)).resolves.toBe(received);

      await receive(7);
      await allApplied();
      expect(await applied()).toEqual({ eventsApplied: received, rows: received });
    }, 60_000);
  });

  describe('when a rebuild is killed (kill -9) half-way', () => {
    it('leaves the live model and checkpoint as they were, and live projection and the next rebuild go on', async () => {
      const before = await applied();
      const [checkpointBefore] = await superuser(
        `SELECT commit, prepare FROM read_models.checkpoints WHERE projection = 'ci-events'`,
      );
      const rebuilding = slowProjector('runner.rebuild(slow)');
      await until('the rebuild has loaded pages into its shadow table', async () => {
        const [exists] = await superuser<{ table: string | null }>(
          `SELECT to_regclass('read_models.ci_events__rebuild')::text AS table`,
        );
        if (!exists?.table) return false;
        const [shadow] = await superuser<{ n: number }>(
          'SELECT count(*)::int AS n FROM read_models.ci_events__rebuild',
        );
        return shadow!.n >= 10;
      });
      await kill(rebuilding);

      expect(await applied()).toEqual(before);
      expect(
        (
          await superuser(
            `SELECT commit, prepare FROM read_models.checkpoints WHERE projection = 'ci-events'`,
          )
        )[0],
      ).toEqual(checkpointBefore);
      // The live replicas take the lock back and follow on.
      await receive(4);
      await allApplied();
      const rebuilder = new ProjectionRunner({ store, pool, projections: [ciEventsProjection] });
      await expect(rebuilder.rebuild(ciEventsProjection)).resolves.toBe(received);
      expect(await applied()).toEqual({ eventsApplied: received, rows: received });
    }, 120_000);
  });
});
