import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from '@change-ledger/event-store';
import { generateSignerKey } from '@change-ledger/integrity';
import { compiledEntryArgs, REPO_ROOT, runLedgerCli } from './app-process';
import { API, completeRollbackPlan } from './change-request-fixtures';
import { freePort } from '../../libs/local-postgres/src';
import { kafka, native, produce, uniqueTopics } from './ingestor-fixtures';
import { testKafkaBrokers } from './test-kafka-brokers';
import { people, tokenOf } from './test-api';

/**
 * The ledger as deployed, under load, for the fault tests (a PostgreSQL restart, a Patroni
 * failover): its compiled apps in processes of their own, a writer filing change requests with
 * Idempotency-Keys, a pipeline reporting CI events on Kafka, and what the end checks read.
 */

/**
 * What the compiled apps need to run against `url`: a requester's token, the log's signing key,
 * and a short Idempotency-Key lease (`leaseSeconds`) so a test can wait out a claim its request
 * died holding.
 */
export async function appEnvironment(
  url: string,
  dir: string,
  leaseSeconds: number,
): Promise<NodeJS.ProcessEnv> {
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
    LEDGER_IDEMPOTENCY_LEASE_SECONDS: String(leaseSeconds),
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
  };
}

export interface App {
  baseUrl: string;
  ready(withinMs: number): Promise<void>;
  notReady(withinMs: number): Promise<void>;
  assertAlive(when: string): void;
  /** The last of what it printed, to explain a failure. */
  output(): string;
  stop(): Promise<void>;
}

/** How long an app may take to shut down gracefully before it is killed. */
const STOP_GRACE_MS = 20_000;

/** An app's compiled entry point in a process of its own, its output kept to explain a failure. */
export function startApp(name: string, entry: string, env: NodeJS.ProcessEnv): App {
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
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      // A graceful shutdown that hangs must not hang the test's teardown with it.
      const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(escalate);
    },
  };
}

/** One change request filed with `key` as its Idempotency-Key: the answer's status and id. */
export async function fileChangeRequest(
  baseUrl: string,
  key: string,
  affectedSystem = 'billing',
): Promise<{ status: number; id?: string; position?: string }> {
  const answer = await fetch(`${baseUrl}${API}/change-requests`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${tokenOf('requester')}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify({
      title: `Filed across restarts ${key}`,
      description: 'Written while PostgreSQL restarts',
      change_type: 'feature',
      priority: 'low',
      affected_systems: [affectedSystem],
      rollback_plan: completeRollbackPlan,
    }),
  });
  const body = (await answer.json().catch(() => ({}))) as {
    change_request_id?: string;
    position?: string;
  };
  return { status: answer.status, id: body.change_request_id, position: body.position };
}

/**
 * The ledger as deployed: the API (its projector off), the projector (projections, sequencer,
 * checkpointer, notifier) and the ingestor on a topic of its own, each a compiled process, all
 * ready. `api` adds to the API's environment.
 */
export async function startLedgerApps(env: NodeJS.ProcessEnv, api: NodeJS.ProcessEnv = {}) {
  const apiApp = startApp('api', 'apps/api/src/main.ts', {
    ...env,
    ...api,
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
  const all = [apiApp, projector, ingestor];
  await Promise.all(all.map((app) => app.ready(90_000)));
  return { api: apiApp, projector, ingestor, topics, all };
}

/** The CI events of `source` the store recorded: receipts, and distinct facts among them. */
export async function ciEventsRecorded(
  url: string,
  source: string,
): Promise<{ receipts: number; facts: number }> {
  return withClient('load test', url, async (client) => {
    const { rows } = await client.query<{ receipts: string; facts: string }>(
      `SELECT count(*) AS receipts, count(DISTINCT data->'fact'->>'id') AS facts
         FROM ledger.events WHERE type = 'CiEventReceived' AND data->'fact'->>'source' = $1`,
      [source],
    );
    return { receipts: Number(rows[0]!.receipts), facts: Number(rows[0]!.facts) };
  });
}

/**
 * The read models a projector kept through the faults are the ones a rebuild from event zero
 * makes (the projector is stopped first), and `ledger verify` with `verifyArguments` passes.
 */
export async function expectRebuildEqualAndVerified(
  url: string,
  env: NodeJS.ProcessEnv,
  projector: App,
  verifyArguments: string[] = [],
): Promise<void> {
  await projector.stop();
  const kept = await readModelTables(url);
  const rebuilt = await runLedgerCli(['rebuild'], env);
  if (rebuilt.stderr !== '') throw new Error(`ledger rebuild said: ${rebuilt.stderr}`);
  const after = await readModelTables(url);
  if (JSON.stringify(after) !== JSON.stringify(kept)) {
    const differing = Object.keys(kept).filter(
      (table) => JSON.stringify(kept[table]) !== JSON.stringify(after[table]),
    );
    throw new Error(`the rebuild differs from what was projected in: ${differing.join(', ')}`);
  }
  const verified = await runLedgerCli(['verify', ...verifyArguments], env);
  if (verified.status !== 0 || !verified.stderr.includes('✔ verified'))
    throw new Error(`ledger verify exited ${verified.status}: ${verified.stderr}`);
}

/**
 * Files change requests one after another until stopped, each with an Idempotency-Key, keeping
 * every answer's status and the keys a 503 left in doubt (the write may or may not be recorded).
 */
export function startWriter(baseUrl: string, keyPrefix = 'restart') {
  const created: string[] = [];
  const statuses: number[] = [];
  const inDoubt: { n: number }[] = [];
  let stopped = false;
  const send = (n: number) => fileChangeRequest(baseUrl, `${keyPrefix}-${n}`);
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
export async function readModelTables(url: string): Promise<Record<string, string[]>> {
  return withClient('load test', url, async (client) => {
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
export async function startPipeline(topic: string, source: string) {
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
export async function eventually<T>(
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
