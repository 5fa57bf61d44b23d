import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { loadPolicyFile } from '@change-ledger/policy';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, type KafkaMessage, logLevel, type Message } from 'kafkajs';
import {
  type CiEventsConsumer,
  type CiEventsConsumerOptions,
} from '../../apps/ingestor/src/ci-events.consumer';
import { IngestorAppModule } from '../../apps/ingestor/src/ingestor-app.module';
import { REPO_ROOT, compiledEntryArgs } from './app-process';
import { testKafkaBrokers } from './test-kafka-brokers';

/** The ingestor's tests: topics of their own, messages in each format, the ingestor in and out of process. */

export const kafka = new Kafka({
  clientId: 'ingestor-e2e',
  brokers: testKafkaBrokers(),
  logLevel: logLevel.NOTHING,
});

export interface Topics {
  events: string;
  deadLetter: string;
  group: string;
  source: string;
}

export function uniqueTopics(): Topics {
  const suffix = randomUUID().slice(0, 8);
  return {
    events: `ci-events-${suffix}`,
    deadLetter: `ci-events-${suffix}.dead-letter`,
    group: `ingestor-${suffix}`,
    source: `jenkins.acme.io/${suffix}`,
  };
}

export function native(
  fields: Record<string, unknown>,
  source = 'jenkins.acme.io/payments',
): Message {
  return {
    value: JSON.stringify({
      source,
      occurred_at: new Date().toISOString(),
      ...fields,
    }),
    headers: { 'content-type': 'application/json' },
  };
}

export function cloudEventBinary(
  id: string,
  customData: Record<string, unknown>,
  type = 'dev.cdevents.service.deployed.0.3.0',
): Message {
  const source = 'github.com/acme/auth/actions';
  return {
    key: id,
    value: JSON.stringify({
      context: { version: '0.5.0', id, source, type, timestamp: new Date().toISOString() },
      subject: {
        id: 'authentication-service',
        content: { environment: { id: 'prod-eu', name: 'production' } },
      },
      customData,
    }),
    headers: {
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: source,
      ce_type: type,
      ce_actor: 'deploy-bot',
      'content-type': 'application/json',
    },
  };
}

export async function startIngestorInProcess(
  databaseUrl: string,
  topics: Topics,
  kafkaOptions: Partial<CiEventsConsumerOptions> = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    IngestorAppModule.forRoot({
      eventStore: { kind: 'postgres', connectionString: databaseUrl, role: 'ledger_writer' },
      readModelsUrl: databaseUrl,
      policy: await loadPolicyFile(path.join(REPO_ROOT, 'config/policy.yaml')),
      kafka: {
        brokers: testKafkaBrokers(),
        topics: [topics.events],
        deadLetterTopic: topics.deadLetter,
        groupId: topics.group,
        principal: 'ingestor-e2e',
        initialBackoffMs: 50,
        ...kafkaOptions,
      },
    }),
    { logger: ['error'] },
  );
  await app.init();
  return app;
}

/** Every ingestor process a test started, killed at the end whatever happened. */
const spawned: ChildProcess[] = [];
afterAll(() => spawned.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

export function spawnIngestor(
  databaseUrl: string,
  topics: Topics,
  env: Record<string, string> = {},
): ChildProcess {
  const child = spawn(process.execPath, compiledEntryArgs('apps/ingestor/src/main.ts'), {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPICS: topics.events,
      KAFKA_DEAD_LETTER_TOPIC: topics.deadLetter,
      KAFKA_GROUP_ID: topics.group,
      // Free ports for its health and metrics: replicas and parallel test files never clash.
      PORT: '0',
      METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  spawned.push(child);
  return child;
}

export async function produce(
  topic: string,
  messages: Message[],
  numPartitions = 1,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}

export async function readTopic(topic: string, expected: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const read: KafkaMessage[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void read.push(message) });
  await eventually(() => read.length >= expected, `${expected} messages on ${topic}`);
  await new Promise((resolve) => setTimeout(resolve, 500)); // and no more than that
  await consumer.disconnect();
  expect(read).toHaveLength(expected);
  return read;
}

export function total(counts: CiEventsConsumer['counts']): number {
  return counts.recorded + counts.duplicate + counts.conflict + counts.deadLettered;
}

export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
