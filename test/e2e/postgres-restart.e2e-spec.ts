import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from '@change-ledger/event-store';
import { generateSignerKey } from '@change-ledger/integrity';
import { migrateLedger } from '@change-ledger/operations';
import { compiledEntryArgs, REPO_ROOT, runLedgerCli } from '../support/app-process';
import { completeRollbackPlan } from '../support/change-request-fixtures';
import {
  type EmbeddedPostgresProcess,
  runEmbeddedPostgres,
} from '../support/embedded-postgres-process';
import { kafka, native, produce, uniqueTopics } from '../support/ingestor-fixtures';
import { people, tokenOf } from '../support/test-api';
import { testKafkaBrokers } from '../support/test-kafka-brokers';

const API = '/api/v1/change-management';
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
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await postgres?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('keeps every process alive, not ready while it is down, and resumes every loop', async () => {
    const dataDir = path.join(folder, 'postgres');
    postgres = await runEmbeddedPostgres(dataDir);
    const url = postgres.url;
    await migrateLedger(url, { eventsInPostgres: true });
    const env = await appEnvironment(url, folder);
    const api = startApp('api', 'apps/api/src/main.ts', {
      ...env,
      PORT: String(await freePort()),
      LEDGER_RUN_PROJECTOR: 'false',
    });
    const projector = startApp('projector', 'apps/projector/src/main.ts', {
      ...env,
      PORT: String(await freePort()),
      LEDGER_CHECKPOINT_INTERVAL_MS: '500',
    });
    const topics = uniqueTopics();
    await produce(topics.events, []);
    const ingestor = startApp('ingestor', 'apps/ingestor/src/main.ts', {
      ...env,
      PORT: String(await freePort()),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPICS: topics.events,
      KAFKA_DEAD_LETTER_TOPIC: topics.deadLetter,
      KAFKA_GROUP_ID: topics.group,
    });
    apps.push(api, projector, ingestor);
    await Promise.all(apps.map((app) => app.ready(90_000)));

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
    const recorded = await eventually(60_000, () =>
      withClient('restart test', url, async (client) => {
        const { rows } = await client.query<{ receipts: string; facts: string }>(
          `SELECT count(*) AS receipts, count(DISTINCT data->'fact'->>'id') AS facts
             FROM ledger.events WHERE type = 'CiEventReceived' AND data->'fact'->>'source' = $1`,
          [topics.source],
        );
        const state = { receipts: Number(rows[0]!.receipts), facts: Number(rows[0]!.facts) };
        return { done: state.receipts >= pipeline.sent, state };
      }),
    );
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
    await projector.stop();
    const kept = await readModelTables(url);
    const rebuilt = await runLedgerCli(['rebuild'], env);
    expect(rebuilt.stderr).toBe('');
    expect(await readModelTables(url)).toEqual(kept);
    const verified = await runLedgerCli(['verify'], env);
    expect({ status: verified.status, stderr: verified.stderr }).toEqual({
      status: 0,
      stderr: expect.stringContaining('✔ verified'),
    });
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

async function appEnvironment(url: string, dir: string): Promise<NodeJS.ProcessEnv> {
  const tokens = path.join(dir, 'tokens.yaml');
  await writeFile(
    tokens,
    JSON.stringify([
      {
        token: tokenOf('requester'),
        principal: people.requester.principal,
        roles: [...people.requester.roles],
      },
    ]),
  );
  const signingKey = path.join(dir, 'log-signing.key');
  await writeFile(signingKey, generateSignerKey('test.example/log'));
  return {
    DATABASE_URL: url,
    LEDGER_TOKENS_FILE: tokens,
    LEDGER_LOG_SIGNING_KEY_FILE: signingKey,
    LEDGER_LOG_ORIGIN: 'test.example/log',
    LEDGER_DATA_DIR: dir,
    LEDGER_IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS),
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
  };
}

interface App {
  baseUrl: string;
  ready(withinMs: number): Promise<void>;
  notReady(withinMs: number): Promise<void>;
  assertAlive(when: string): void;
  stop(): Promise<void>;
}

/** An app's compiled entry point in a process of its own, its output kept to explain a failure. */
function startApp(name: string, entry: string, env: NodeJS.ProcessEnv): App {
  const child: ChildProcess = spawn(process.execPath, compiledEntryArgs(entry), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  const readiness = () =>
    fetch(`${baseUrl}/health/ready`).then(
      (answer) => answer.status,
      () => 0, // not listening (yet, or any more)
    );
  const assertAlive = (when: string) => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) ${when}; its output:\n${output}`,
      );
  };
  const awaitStatus = async (wanted: number, withinMs: number, what: string) => {
    let status = 0;
    for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
      assertAlive(`while waiting to be ${what}`);
      status = await readiness();
      if (status === wanted) return;
      await sleep(250);
    }
    throw new Error(
      `${name} not ${what} within ${withinMs} ms (last ${status}); output:\n${output}`,
    );
  };
  return {
    baseUrl,
    ready: (withinMs) => awaitStatus(200, withinMs, 'ready'),
    notReady: (withinMs) => awaitStatus(503, withinMs, 'unready'),
    assertAlive,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Files change requests one after another until stopped, each with an Idempotency-Key, keeping
 * every answer's status and the keys a 503 left in doubt (the write may or may not be recorded).
 */
function startWriter(baseUrl: string) {
  const created: string[] = [];
  const statuses: number[] = [];
  const inDoubt: { n: number }[] = [];
  let stopped = false;
  const send = async (n: number): Promise<{ status: number; id?: string }> => {
    const answer = await fetch(`${baseUrl}${API}/change-requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokenOf('requester')}`,
        'content-type': 'application/json',
        'idempotency-key': `restart-${n}`,
      },
      body: JSON.stringify({
        title: `Filed across restarts ${n}`,
        description: 'Written while PostgreSQL restarts',
        change_type: 'feature',
        priority: 'low',
        affected_systems: ['billing'],
        rollback_plan: completeRollbackPlan,
      }),
    });
    const body = (await answer.json().catch(() => ({}))) as { change_request_id?: string };
    return { status: answer.status, id: body.change_request_id };
  };
  const loop = (async () => {
    for (let n = 0; !stopped; n++) {
      const answer = await send(n);
      statuses.push(answer.status);
      if (answer.status === 201) created.push(answer.id!);
      else {
        if (answer.status === 503) inDoubt.push({ n });
        await sleep(100);
      }
    }
  })();
  return {
    created,
    statuses,
    inDoubt,
    send,
    accepted: async (count: number, withinMs: number) => {
      for (const deadline = Date.now() + withinMs; created.length < count;) {
        if (Date.now() > deadline)
          throw new Error(`${created.length} of ${count} writes accepted; statuses ${statuses}`);
        await sleep(100);
      }
    },
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/**
 * Every read-model table's rows, in a stable order, without the columns that say when a row was
 * projected rather than what it holds.
 */
async function readModelTables(url: string): Promise<Record<string, string[]>> {
  return withClient('restart test', url, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'read_models' AND table_type = 'BASE TABLE'
          AND table_name NOT IN ('checkpoints') ORDER BY 1`,
    );
    const dump: Record<string, string[]> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ row: string }>(
        `SELECT (to_jsonb(t) - ${VOLATILE_COLUMNS.map((c) => `'${c}'`).join(' - ')})::text AS row
           FROM read_models.${name} t ORDER BY 1`,
      );
      dump[name] = rows.map((row) => row.row);
    }
    return dump;
  });
}

const VOLATILE_COLUMNS = ['projected_at', 'updated_at'];

/** Reports a CI event on Kafka every 100 ms until stopped, as a pipeline would. */
async function startPipeline(topic: string, source: string) {
  const producer = kafka.producer();
  await producer.connect();
  let sent = 0;
  let stopped = false;
  const loop = (async () => {
    for (let n = 0; !stopped; n++) {
      await producer.send({
        topic,
        acks: -1,
        messages: [native({ id: `run-${n}`, type: 'pipeline_run', outcome: 'success' }, source)],
      });
      sent++;
      await sleep(100);
    }
  })();
  return {
    get sent() {
      return sent;
    },
    stop: async () => {
      stopped = true;
      await loop;
      await producer.disconnect();
    },
  };
}

/** Polls `probe` until it says done; its last state either way. */
async function eventually<T>(
  withinMs: number,
  probe: () => Promise<{ done: boolean; state: T }>,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const { done, state } = await probe();
    if (done || Date.now() > deadline) return state;
    await sleep(500);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
