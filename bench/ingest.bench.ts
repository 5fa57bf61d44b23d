/**
 * npm run bench:ingest — CI events from Kafka into the ledger, beside two peers draining the same
 * topic in the same run, and the ratios: a bare kafkajs consumer that only parses (issue 15: goal
 * ≥ 0.3), and a plain Kafka → PostgreSQL consumer (eachBatch, one multi-row INSERT … ON CONFLICT
 * DO NOTHING per batch into a bare table, offsets committed after it) — what any consumer that
 * stores a deduplicated copy pays. Twice: one partition and one consumer process, then three
 * partitions and two processes in one consumer group. Every consumer is a process of its own (the
 * ingestor as deployed: its compiled entry point), so each one's peak RSS is its own. Not a test:
 * it prints a table.
 *
 *   BENCH_EVENTS        messages per topic (default 100000)
 *   BENCH_CHANGES       approved change requests that CI facts link to by commit (default 20)
 *   BENCH_LINKED_EVERY  one message in this many is test evidence for one of them (default 20);
 *                       one in ten is an unlinked production deployment (flagged), the rest
 *                       pipeline runs
 *   BENCH_READ_MODEL    0: skip timing the ci-events projection catching up afterwards
 *   BENCH_SCENARIOS     which to run, `partitions x processes` separated by commas (default 1x1,3x2)
 *   BENCH_INGESTOR_NODE_ARGS  extra node arguments for the ingestor processes, e.g.
 *                       `--cpu-prof --cpu-prof-dir=/tmp/profiles` (a profile per process on exit,
 *                       summarised by `npm run bench:profile -- <file> <events>`); the ingestors
 *                       always run with the NODE_OPTIONS docker-compose.yml deploys them with
 *   DATABASE_URL        a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *   KAFKA_BROKERS       a broker; unset: the test setup's broker (Docker, or Kafka's jars via Maven)
 *
 * Rates leave start-up out on every side: the bare consumer's from its first message to its last,
 * the ingestors' from the first receipt the store recorded to the last (the store's clock), the
 * plain consumer's from its first row to its last (the rows' clock_timestamp()).
 */
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { migrateLedger } from '@change-ledger/operations';
import { PostgresEventStore } from '@change-ledger/event-store';
import { ciEventsProjection, ProjectionRunner } from '@change-ledger/read-models';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { parse as parseYaml } from 'yaml';
import { buildIfStale, compiledEntryArgs, REPO_ROOT } from '../test/support/app-process';
import { createApprovedChange } from '../test/support/change-request-fixtures';
import { bootTestApi } from '../test/support/test-api';
import { startTestKafka } from '../test/support/test-kafka';
import { withClient } from '../test/support/test-database';
import { benchEvent, openBenchDatabase, quietPool } from './bench-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);
const LINKED_EVERY = Number(process.env.BENCH_LINKED_EVERY ?? 20);
const READ_MODEL = process.env.BENCH_READ_MODEL !== '0';
const RUN = Date.now();
const SCENARIOS: Scenario[] = (process.env.BENCH_SCENARIOS ?? '1x1,3x2').split(',').map((text) => {
  const [partitions, processes] = text.split('x').map(Number);
  return { partitions: partitions!, ingestors: processes! };
});
const INGESTOR_NODE_ARGS = (process.env.BENCH_INGESTOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** The ingestor as deployed: the NODE_OPTIONS of docker-compose.yml's ingestor service. */
const DEPLOYED_NODE_OPTIONS: string =
  (
    parseYaml(readFileSync(`${REPO_ROOT}/docker-compose.yml`, 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string> }>;
    }
  ).services.ingestor?.environment?.NODE_OPTIONS ?? '';

interface Scenario {
  partitions: number;
  ingestors: number;
}

interface Measured {
  eventsPerSecond: number;
  peakRssMb: number[];
  /** CPU per message: the consumer processes', and their PostgreSQL backends' (µs). */
  cpu: { processUs: number; databaseUs: number | null };
}

async function main(): Promise<void> {
  buildIfStale();
  const kafka = await startTestKafka();
  const database = await openBenchDatabase();
  try {
    await migrateLedger(database.url, { eventsInPostgres: true });
    const commits = await registerChanges(database.url);
    const client = new Kafka({
      clientId: 'bench',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    });
    const lines: string[] = [];
    const ratios: string[] = [];
    for (const scenario of SCENARIOS) {
      const topic = `bench-ci-events-${scenario.partitions}p-${RUN}`;
      await produce(client, topic, scenario.partitions, commits);
      const bare = await bareConsumer(kafka.brokers, topic);
      const plain = await plainPgConsumers(
        client,
        kafka.brokers,
        database.url,
        topic,
        scenario.ingestors,
      );
      const ours = await ingestors(client, kafka.brokers, database.url, topic, scenario.ingestors);
      const where = `${scenario.partitions} partition${scenario.partitions > 1 ? 's' : ''}`;
      lines.push(row(where, 'bare kafkajs consumer (parse only)', bare));
      lines.push(
        row(where, `Kafka → plain pg × ${scenario.ingestors} (one INSERT per batch)`, plain),
      );
      lines.push(row(where, `ledger ingestor × ${scenario.ingestors} (Kafka → store)`, ours));
      ratios.push(
        `${where}, ${scenario.ingestors} process(es): ledger / bare = ${(ours.eventsPerSecond / bare.eventsPerSecond).toFixed(3)} (goal ≥ 0.3); ledger / plain pg = ${(ours.eventsPerSecond / plain.eventsPerSecond).toFixed(3)}`,
      );
    }
    console.log(
      `\nbench:ingest — ${EVENTS} CI events (native JSON) per topic; one in ${LINKED_EVERY} links to one of ${CHANGES} change requests by commit`,
    );
    console.log(`Kafka: ${kafka.description}; ${database.description}`);
    console.log(
      `ingestors run with NODE_OPTIONS=${DEPLOYED_NODE_OPTIONS || '(none)'} (docker-compose.yml)${INGESTOR_NODE_ARGS.length ? ` and ${INGESTOR_NODE_ARGS.join(' ')}` : ''}\n`,
    );
    console.log(
      '| topic | pipeline | events/s | CPU µs/event: consumer processes | CPU µs/event: their PostgreSQL backends | peak RSS per process (MB) |',
    );
    console.log('|---|---|---:|---:|---:|---|');
    for (const line of lines) console.log(line);
    console.log('');
    for (const ratio of ratios) console.log(ratio);
    await storeBound(database.url);
    if (READ_MODEL) await readModelCatchUp(database.url);
  } finally {
    await database.close();
    await kafka.stop();
  }
}

const row = (where: string, pipeline: string, measured: Measured) =>
  `| ${where} | ${pipeline} | ${Math.round(measured.eventsPerSecond)} | ${Math.round(measured.cpu.processUs)} | ${measured.cpu.databaseUs === null ? '—' : Math.round(measured.cpu.databaseUs)} | ${measured.peakRssMb.map((mb) => mb.toFixed(0)).join(', ')} |`;

/** Approved change requests with a commit each, through the API as a person would file them. */
async function registerChanges(databaseUrl: string): Promise<string[]> {
  const api = await bootTestApi({ databaseUrl });
  try {
    const commits: string[] = [];
    for (let index = 0; index < CHANGES; index++) {
      const sha = `${index.toString(16).padStart(8, '0')}${'d0ae598e95dc970b74767f19372d61af8'}`;
      await createApprovedChange(api, {
        title: `Bench change ${index}`,
        links: { commit_sha: sha },
      });
      commits.push(sha);
    }
    return commits;
  } finally {
    await api.close();
  }
}

async function produce(client: Kafka, topic: string, partitions: number, commits: string[]) {
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = client.producer();
  await producer.connect();
  const at = new Date().toISOString();
  for (let start = 0; start < EVENTS; start += 1000) {
    const messages: Message[] = [];
    for (let index = start; index < Math.min(EVENTS, start + 1000); index++) {
      const fact = benchFact(topic, index, at, commits);
      messages.push({
        // Keyed as CI would: a change's (or a pipeline's) events in order, in one partition.
        key: fact.commit_sha ?? `pipeline-${index % 97}`,
        headers: { 'content-type': 'application/json' },
        value: JSON.stringify(fact),
      });
    }
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

function benchFact(
  topic: string,
  index: number,
  at: string,
  commits: string[],
): Record<string, unknown> & { commit_sha?: string } {
  const common = { source: `jenkins.bench/${topic}`, id: `event-${index}`, occurred_at: at };
  if (index % LINKED_EVERY === 1 && commits.length > 0) {
    return {
      ...common,
      type: 'test_run',
      outcome: 'success',
      commit_sha: commits[index % commits.length],
      tests: { total: 120, failed: 0 },
    };
  }
  return index % 10 === 0
    ? { ...common, type: 'deployment', environment: 'production', outcome: 'success' }
    : { ...common, type: 'pipeline_run', environment: 'ci', outcome: 'success' };
}

/** The peer: a consumer group that reads and parses every message and does nothing else. */
async function bareConsumer(brokers: string[], topic: string): Promise<Measured> {
  const script = `
    const { Kafka, logLevel } = require('kafkajs');
    const { performance } = require('node:perf_hooks');
    const total = ${EVENTS};
    const consumer = new Kafka({ clientId: 'bench-bare', brokers: ${JSON.stringify(brokers)}, logLevel: logLevel.NOTHING })
      .consumer({ groupId: ${JSON.stringify(`bench-bare-${topic}`)} });
    let seen = 0, first = 0, cpu;
    (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic: ${JSON.stringify(topic)}, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => {
        if (seen === 0) { first = performance.now(); cpu = process.cpuUsage(); }
        JSON.parse(message.value.toString());
        if (++seen === total) {
          const used = process.cpuUsage(cpu);
          console.log(JSON.stringify({ seconds: (performance.now() - first) / 1000, cpuUs: used.user + used.system }));
        }
      } });
    })();
    process.once('SIGTERM', () => consumer.disconnect().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { seconds, cpuUs } = await new Promise<{ seconds: number; cpuUs: number }>(
    (resolve, reject) => {
      child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
      child.once('exit', (code) => reject(new Error(`the bare consumer exited with ${code}`)));
    },
  );
  const peakRssMb = [peakRss(child)];
  await stop(child);
  return {
    eventsPerSecond: (EVENTS - 1) / seconds,
    peakRssMb,
    cpu: { processUs: cpuUs / (EVENTS - 1), databaseUs: null },
  };
}

/**
 * The fairer peer: what any consumer that keeps a deduplicated copy of the facts pays. Processes in
 * one consumer group (eachBatch, the partitions as concurrent as the ingestor's), each batch parsed
 * and written with one multi-row INSERT … ON CONFLICT DO NOTHING into a bare table keyed by
 * (source, fact id), its offsets committed after it.
 */
async function plainPgConsumers(
  client: Kafka,
  brokers: string[],
  databaseUrl: string,
  topic: string,
  count: number,
): Promise<Measured> {
  const table = `public.plain_ci_facts_${topic.replace(/[^a-z0-9]/gi, '_')}`;
  await withClient(databaseUrl, (db) =>
    db.query(`CREATE TABLE ${table} (
      id bigserial PRIMARY KEY,
      source text NOT NULL,
      fact_id text NOT NULL,
      payload jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      UNIQUE (source, fact_id))`),
  );
  const groupId = `bench-plain-${topic}`;
  const script = `
    const { Kafka, logLevel } = require('kafkajs');
    const { Pool } = require('pg');
    const pool = new Pool({ connectionString: ${JSON.stringify(databaseUrl)}, max: 3 });
    const consumer = new Kafka({ clientId: 'bench-plain', brokers: ${JSON.stringify(brokers)}, logLevel: logLevel.NOTHING })
      .consumer({ groupId: ${JSON.stringify(groupId)} });
    (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic: ${JSON.stringify(topic)}, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: 3,
        eachBatchAutoResolve: false,
        autoCommitThreshold: 1,
        eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
          if (batch.messages.length === 0) return;
          const sources = [], ids = [], payloads = [];
          for (const message of batch.messages) {
            const text = message.value.toString();
            const fact = JSON.parse(text);
            sources.push(fact.source); ids.push(fact.id); payloads.push(text);
          }
          await pool.query(
            'INSERT INTO ${table} (source, fact_id, payload) SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) ON CONFLICT DO NOTHING',
            [sources, ids, payloads]);
          resolveOffset(batch.messages[batch.messages.length - 1].offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        },
      });
    })();
    process.once('SIGTERM', () => consumer.disconnect().then(() => pool.end()).then(() => process.exit(0)));`;
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  const { peakRssMb, cpu } = await untilCommitted(client, databaseUrl, groupId, topic, children);
  const eventsPerSecond = await rateByStoreClock(
    databaseUrl,
    `SELECT recorded_at FROM ${table}`,
    [],
    'rows',
  );
  return { eventsPerSecond, peakRssMb, cpu };
}

/** Ingestor processes in one consumer group, until their committed offsets cover the topic. */
async function ingestors(
  client: Kafka,
  brokers: string[],
  databaseUrl: string,
  topic: string,
  count: number,
): Promise<Measured> {
  const groupId = `bench-ledger-${topic}`;
  const children = Array.from({ length: count }, () =>
    spawn(
      process.execPath,
      [...INGESTOR_NODE_ARGS, ...compiledEntryArgs('apps/ingestor/src/main.ts')],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: brokers.join(','),
          KAFKA_TOPICS: topic,
          KAFKA_DEAD_LETTER_TOPIC: `${topic}.dead-letter`,
          KAFKA_GROUP_ID: groupId,
          PORT: '0',
          METRICS_PORT: '0',
          LOG_LEVEL: 'warn',
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${DEPLOYED_NODE_OPTIONS}`.trim(),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
  const { peakRssMb, cpu } = await untilCommitted(client, databaseUrl, groupId, topic, children);
  const eventsPerSecond = await rateByStoreClock(
    databaseUrl,
    `SELECT recorded_at FROM ledger.events
      WHERE type = 'CiEventReceived' AND data->'fact'->>'source' = $1`,
    [`jenkins.bench/${topic}`],
    'receipts',
  );
  return { eventsPerSecond, peakRssMb, cpu };
}

/**
 * Messages per second by the database's clock, from the first row stored to the last (start-up
 * left out); `recordedAt` selects the `recorded_at` of one row per message, all of them expected.
 */
async function rateByStoreClock(
  databaseUrl: string,
  recordedAt: string,
  params: unknown[],
  what: string,
): Promise<number> {
  const [stored] = await withClient(
    databaseUrl,
    async (db) =>
      (
        await db.query<{ stored: string; after_first: string; seconds: number }>(
          `WITH stored AS (${recordedAt}), first AS (SELECT min(recorded_at) AS at FROM stored)
           SELECT count(*) AS stored,
                  count(*) FILTER (WHERE recorded_at > first.at) AS after_first,
                  extract(epoch FROM max(recorded_at) - first.at)::float8 AS seconds
             FROM stored, first GROUP BY first.at`,
          params,
        )
      ).rows,
  );
  if (Number(stored?.stored ?? 0) !== EVENTS) {
    throw new Error(`${stored?.stored ?? 0} ${what} stored for ${EVENTS} messages`);
  }
  return Number(stored!.after_first) / stored!.seconds;
}

/**
 * Waits until the group's committed offsets cover the topic, then stops its processes: their peak
 * RSS, read before they end, and the CPU they and their database backends spent per message from
 * the first commit on (start-up left out), sampled from /proc as they go.
 */
async function untilCommitted(
  client: Kafka,
  databaseUrl: string,
  groupId: string,
  topic: string,
  children: ChildProcess[],
): Promise<Pick<Measured, 'peakRssMb' | 'cpu'>> {
  const admin = client.admin();
  await admin.connect();
  const backends = new Map<number, { first: number; last: number }>();
  let start: { committed: number; processes: number } | null = null;
  let processes = 0;
  try {
    for (;;) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = offsets!.partitions.reduce(
        (sum, { offset }) => sum + Math.max(0, Number(offset)),
        0,
      );
      processes = children.reduce((sum, child) => sum + cpuSecondsOf(child.pid!), 0);
      for (const pid of await backendPids(databaseUrl)) {
        const seconds = cpuSecondsOf(pid);
        const seen = backends.get(pid);
        // A backend first seen after the first commit started with the measurement.
        if (seen) seen.last = Math.max(seen.last, seconds);
        else backends.set(pid, { first: start ? 0 : seconds, last: seconds });
      }
      if (committed > 0 && !start) start = { committed, processes };
      if (committed >= EVENTS) break;
      const exited = children.find((child) => child.exitCode !== null);
      if (exited) throw new Error(`a consumer of ${groupId} exited with ${exited.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
  const peakRssMb = children.map(peakRss);
  await Promise.all(children.map(stop));
  const measured = EVENTS - start!.committed;
  const database = [...backends.values()].reduce((sum, { first, last }) => sum + last - first, 0);
  return {
    peakRssMb,
    cpu: {
      processUs: measured > 0 ? ((processes - start!.processes) * 1e6) / measured : NaN,
      databaseUs: measured > 0 ? (database * 1e6) / measured : NaN,
    },
  };
}

/** The server processes of the benchmark's database (same host), but the asking one. */
async function backendPids(databaseUrl: string): Promise<number[]> {
  return withClient(databaseUrl, async (db) =>
    (
      await db.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      )
    ).rows.map((row) => row.pid),
  );
}

/** User + system CPU seconds of a process so far (0 once it is gone). */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Where the ingestor's time goes: a chunk is one appendToStreams of ~500 one-event receipt streams
 * (a stream per (source, id), the dedupe), so the store's cost per stream in a multi-stream append
 * bounds ingestion. Measured here beside the same events in one stream, same run.
 */
async function storeBound(databaseUrl: string): Promise<void> {
  const store = new PostgresEventStore({ connectionString: databaseUrl, role: 'ledger_writer' });
  try {
    const rounds = 4;
    const timed = async (append: (round: number) => Promise<unknown>) => {
      const started = performance.now();
      for (let round = 0; round < rounds; round++) await append(round);
      return (rounds * 500) / ((performance.now() - started) / 1000);
    };
    const manyStreams = await timed((round) =>
      store.appendToStreams(
        Array.from({ length: 500 }, (_, index) => ({
          streamId: `bench-bound-${RUN}-${round}-${index}`,
          events: [benchEvent(index)],
          expectedRevision: 'no_stream' as const,
        })),
      ),
    );
    const oneStream = await timed((round) =>
      store.appendToStream(
        `bench-bound-${RUN}-one-${round}`,
        Array.from({ length: 500 }, (_, index) => benchEvent(index)),
        { expectedRevision: 'no_stream' },
      ),
    );
    // What the ingestor did per message before issue 15: an append (and a commit) of its own.
    const oneByOne = await timed(async (round) => {
      for (let index = 0; index < 500; index++) {
        await store.appendToStream(
          `bench-bound-${RUN}-single-${round}-${index}`,
          [benchEvent(index)],
          {
            expectedRevision: 'no_stream',
          },
        );
      }
    });
    console.log(`\nthe store alone, same run, 500 one-event streams:`);
    console.log(`  one appendToStreams call (a chunk's receipts): ${Math.round(manyStreams)} ev/s`);
    console.log(
      `  one appendToStream call each (one message at a time): ${Math.round(oneByOne)} ev/s`,
    );
    console.log(`  and 500 events in one stream, one call: ${Math.round(oneStream)} ev/s`);
  } finally {
    await store.close();
  }
}

/** The ci-events projection catching up on everything ingested, in this process (for reference). */
async function readModelCatchUp(databaseUrl: string): Promise<void> {
  const store = new PostgresEventStore({ connectionString: databaseUrl, role: 'ledger_reader' });
  const pool = quietPool({ connectionString: databaseUrl, options: '-c role=ledger_projector' });
  const runner = new ProjectionRunner({ store, pool, projections: [ciEventsProjection] });
  try {
    const started = performance.now();
    await runner.catchUp(ciEventsProjection);
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await pool.query<{ count: string }>(
      'SELECT count(*) FROM read_models.ci_events',
    );
    console.log(
      `\nthen the ci-events read model catches up on ${rows[0]!.count} CI events in ${seconds.toFixed(1)} s (${Math.round(Number(rows[0]!.count) / seconds)} ev/s, projections are issue 15 item 3)`,
    );
  } finally {
    await store.close();
    await pool.end();
  }
}

/** The process's peak resident set (VmHWM), in MB, read before it ends. */
function peakRss(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
