/**
 * npm run bench:ingest — CI events end to end (Kafka → ingestor → event store → read model)
 * beside a bare kafkajs consumer draining the same topic in the same run, and the ratio. Not a
 * test: it prints a table.
 *
 *   BENCH_EVENTS   events to produce (default 20000; one in ten an unlinked production deployment)
 *   DATABASE_URL   a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *   KAFKA_BROKERS  a broker; unset: the test setup's broker (Docker, or Kafka's jars via Maven)
 */
import 'reflect-metadata';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateEventStore, PostgresEventStore } from '@change-ledger/event-store';
import { loadPolicyFile } from '@change-ledger/policy';
import {
  ciEventsProjection,
  migrateReadModels,
  ProjectionRunner,
} from '@change-ledger/read-models';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { Pool } from 'pg';
import { IngestorAppModule } from '../apps/ingestor/src/ingestor-app.module';
import { startTestKafka } from '../test/support/test-kafka';
import { openBenchDatabase, quietOnDrop } from './bench-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const TOPIC = `bench-ci-events-${Date.now()}`;

async function main(): Promise<void> {
  const kafka = await startTestKafka();
  const database = await openBenchDatabase();
  try {
    await migrateEventStore(database.url);
    await migrateReadModels(database.url);
    const client = new Kafka({
      clientId: 'bench',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    });
    await produce(client);

    const bare = await bareConsumer(client);
    const ledger = await ledgerEndToEnd(database.url, kafka.brokers);

    console.log(`\nbench:ingest — ${EVENTS} CI events (native JSON), one partition`);
    console.log(`Kafka: ${kafka.description}; ${database.description}\n`);
    console.log('| pipeline | seconds | events/s |');
    console.log('|---|---:|---:|');
    console.log(`| bare kafkajs consumer (parse only) | ${bare.toFixed(2)} | ${rate(bare)} |`);
    console.log(`| ledger: Kafka → store → read model | ${ledger.toFixed(2)} | ${rate(ledger)} |`);
    console.log(`\nledger / bare: ${(bare / ledger).toFixed(3)}`);
  } finally {
    await database.close();
    await kafka.stop();
  }
}

const rate = (seconds: number) => Math.round(EVENTS / seconds).toString();

async function produce(client: Kafka): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = client.producer();
  await producer.connect();
  const at = new Date().toISOString();
  for (let start = 0; start < EVENTS; start += 1000) {
    const messages: Message[] = [];
    for (let index = start; index < Math.min(EVENTS, start + 1000); index++) {
      const deployment = index % 10 === 0;
      messages.push({
        headers: { 'content-type': 'application/json' },
        value: JSON.stringify({
          source: 'jenkins.bench/payments',
          id: `event-${index}`,
          type: deployment ? 'deployment' : 'pipeline_run',
          occurred_at: at,
          environment: deployment ? 'production' : 'ci',
          outcome: 'success',
        }),
      });
    }
    await producer.send({ topic: TOPIC, acks: -1, messages });
  }
  await producer.disconnect();
}

/** The peer: a consumer group that reads and parses every message, and does nothing else. */
async function bareConsumer(client: Kafka): Promise<number> {
  const consumer = client.consumer({ groupId: `bench-bare-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let seen = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        JSON.parse(message.value!.toString());
        if (++seen === EVENTS) resolve();
      },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return seconds;
}

/** The ingestor as deployed, and the projector, until the read model holds every event. */
async function ledgerEndToEnd(databaseUrl: string, brokers: string[]): Promise<number> {
  const started = performance.now();
  const ingestor = await NestFactory.createApplicationContext(
    IngestorAppModule.forRoot({
      eventStore: { kind: 'postgres', connectionString: databaseUrl, role: 'ledger_writer' },
      readModelsUrl: databaseUrl,
      policy: await loadPolicyFile(path.resolve(__dirname, '../config/policy.yaml')),
      kafka: {
        brokers,
        topics: [TOPIC],
        deadLetterTopic: `${TOPIC}.dead-letter`,
        groupId: `bench-ledger-${Date.now()}`,
        principal: 'bench-ingestor',
      },
    }),
    { logger: ['error'] },
  );
  await ingestor.init();
  const store = new PostgresEventStore({ connectionString: databaseUrl, role: 'ledger_reader' });
  const pool = quietOnDrop(
    new Pool({ connectionString: databaseUrl, options: '-c role=ledger_projector' }),
  );
  const runner = new ProjectionRunner({ store, pool, projections: [ciEventsProjection] });
  try {
    for (;;) {
      await runner.catchUp(ciEventsProjection);
      const { rows } = await pool.query<{ count: string }>(
        'SELECT count(*) FROM read_models.ci_events',
      );
      if (Number(rows[0]!.count) >= EVENTS) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return (performance.now() - started) / 1000;
  } finally {
    await ingestor.close();
    await store.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
