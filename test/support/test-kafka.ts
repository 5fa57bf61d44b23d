import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
// Relative: jest's global setup runs outside its module mapper.
import { freePort } from '../../libs/local-postgres/src';
import { errorMessage as message, fromTestcontainers, startFirstAvailable } from './docker';

/**
 * Where the tests get Kafka, in this order (never a mock):
 *   1. KAFKA_BROKERS, a broker you run (host:port, comma-separated);
 *   2. testcontainers, where a Docker engine answers;
 *   3. a real Apache Kafka broker (single KRaft node) from the jars on Maven Central
 *      (test/kafka/pom.xml; Maven caches them), on free ports with a temporary log directory.
 */
export interface TestKafka {
  brokers: string[];
  description: string;
  stop(): Promise<void>;
}

const KAFKA_DIR = path.resolve(__dirname, '../kafka');
export const LIB_DIR = path.join(KAFKA_DIR, 'target', 'lib');

export async function startTestKafka(): Promise<TestKafka> {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv) {
    const brokers = fromEnv.split(',').map((broker) => broker.trim());
    await assertAnswers(brokers, 'KAFKA_BROKERS');
    return { brokers, description: `KAFKA_BROKERS (${fromEnv})`, stop: async () => undefined };
  }
  return startFirstAvailable(
    'a real Kafka broker',
    [
      fromTestcontainers(async () => {
        const { KafkaContainer } = await import('@testcontainers/kafka');
        const container = await new KafkaContainer('confluentinc/cp-kafka:7.8.0')
          .withKraft()
          .start();
        return {
          brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`],
          description: 'testcontainers (cp-kafka 7.8, KRaft)',
          stop: async () => void (await container.stop()),
        };
      }),
      { name: 'Kafka from Maven Central', start: startKafkaFromJars },
    ],
    [
      'KAFKA_BROKERS=host:9092 (a broker that auto-creates no topics is fine: tests create their own);',
      'a running Docker engine (testcontainers starts a KRaft broker);',
      'Java 17+ and Maven with access to Maven Central (test/kafka/pom.xml fetches Apache Kafka 3.9).',
    ],
  );
}

async function startKafkaFromJars(): Promise<TestKafka> {
  ensureJars();
  const dir = await mkdtemp(path.join(tmpdir(), 'change-ledger-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const properties = path.join(dir, 'server.properties');
  await writeFile(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${path.join(dir, 'logs')}`,
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
    ].join('\n'),
  );
  const classpath = path.join(LIB_DIR, '*');
  // A KRaft node formats its log directory with a cluster id first (16 random bytes, base64url).
  // One that starts with '-' would be read as an option by the storage tool: draw again.
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
  const format = spawnSync(
    'java',
    ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (format.status !== 0)
    throw new Error(
      `formatting the KRaft log directory failed: ${format.stderr || format.stdout || format.error?.message}`,
    );

  const broker = spawn(
    'java',
    ['-Xms128m', '-Xmx512m', '-cp', classpath, 'kafka.Kafka', properties],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stderr: string[] = [];
  broker.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const brokers = [`127.0.0.1:${port}`];
  try {
    await waitUntilAnswers(brokers, broker, 60_000);
  } catch (error) {
    await stopBroker(broker);
    throw new Error(`${message(error)}\n${stderr.join('').slice(-3000)}`);
  }
  return {
    brokers,
    description: `Apache Kafka 3.9 (KRaft, from Maven Central) on 127.0.0.1:${port}`,
    stop: async () => {
      await stopBroker(broker);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The broker's jars, fetched once by Maven into test/kafka/target/lib (and Maven's own cache). */
export function ensureJars(): void {
  if (existsSync(LIB_DIR) && readdirSync(LIB_DIR).some((file) => file.startsWith('kafka_2.13-')))
    return;
  const mvn = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      path.join(KAFKA_DIR, 'pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${LIB_DIR}`,
    ],
    {
      encoding: 'utf8',
      timeout: 10 * 60_000,
    },
  );
  if (mvn.status !== 0)
    throw new Error(
      `mvn could not fetch the Kafka jars: ${mvn.error?.message ?? ''}${mvn.stdout}${mvn.stderr}`,
    );
}

export async function waitUntilAnswers(
  brokers: string[],
  process: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process.exitCode !== null)
      throw new Error(`the Kafka broker exited with ${process.exitCode}`);
    try {
      await assertAnswers(brokers, 'the test broker');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function assertAnswers(brokers: string[], name: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'change-ledger-tests',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 2000,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    throw new Error(`${name} does not answer at ${brokers.join(',')}: ${message(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function stopBroker(broker: ChildProcess): Promise<void> {
  if (broker.exitCode !== null) return;
  const exited = new Promise((resolve) => broker.once('exit', resolve));
  broker.kill('SIGTERM');
  // A controlled shutdown takes a few seconds; the data is throw-away, so do not wait long.
  const timer = setTimeout(() => broker.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
