import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
// Relative: used outside jest's module mapper too.
import { freePort } from '../../libs/local-postgres/src';
import { KAFKA_NODE_SETTINGS } from './ha-topology';
import { ensureJars, LIB_DIR, stopBroker, waitUntilAnswers } from './test-kafka';

/**
 * A three-node Apache Kafka cluster for the high-availability tests (issue 29): the jars the
 * tests already fetch from Maven Central, three KRaft nodes each both broker and controller (a
 * quorum of three), replication factor 3 and `min.insync.replicas` 2 by default, so one node can
 * be lost — the active controller among them — with no acknowledged message lost.
 */
export interface KafkaCluster {
  brokers: string[];
  /** The node id (1–3) of the active controller now. */
  controller(): Promise<number>;
  /** The node that coordinates `groupId` (leads its partition of `__consumer_offsets`). */
  coordinator(groupId: string): Promise<number>;
  /** A node lost: its JVM killed with SIGKILL. */
  kill(nodeId: number): Promise<void>;
  /** A lost node back, on its own log directory. */
  restart(nodeId: number): Promise<void>;
  /** Until every node answers and every partition of `topics` has all three replicas in sync. */
  healthy(topics: string[], withinMs?: number): Promise<void>;
  description: string;
  stop(): Promise<void>;
}

const NODES = [1, 2, 3] as const;

export async function startKafkaCluster(): Promise<KafkaCluster> {
  ensureJars();
  const dir = await mkdtemp(path.join(tmpdir(), 'change-ledger-kafka-cluster-'));
  const ports = new Map<number, { broker: number; controller: number }>();
  for (const id of NODES) ports.set(id, { broker: await freePort(), controller: await freePort() });
  const voters = NODES.map((id) => `${id}@127.0.0.1:${ports.get(id)!.controller}`).join(',');
  const brokers = NODES.map((id) => `127.0.0.1:${ports.get(id)!.broker}`);
  const classpath = path.join(LIB_DIR, '*');
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');

  const propertiesOf = (id: number) => path.join(dir, `node-${id}.properties`);
  for (const id of NODES) {
    const { broker, controller } = ports.get(id)!;
    await writeFile(
      propertiesOf(id),
      [
        `node.id=${id}`,
        `controller.quorum.voters=${voters}`,
        `listeners=PLAINTEXT://127.0.0.1:${broker},CONTROLLER://127.0.0.1:${controller}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${broker}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        `log.dirs=${path.join(dir, `logs-${id}`)}`,
        ...Object.entries(KAFKA_NODE_SETTINGS).map(([key, value]) => `${key}=${value}`),
      ].join('\n'),
    );
    const format = spawnSync(
      'java',
      [
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        propertiesOf(id),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (format.status !== 0)
      throw new Error(`formatting node ${id} failed: ${format.stderr || format.stdout}`);
  }

  const nodes = new Map<number, ChildProcess>();
  const stderr: string[] = [];
  const start = (id: number) => {
    const node = spawn(
      'java',
      ['-Xms128m', '-Xmx384m', '-cp', classpath, 'kafka.Kafka', propertiesOf(id)],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    node.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(`node ${id}: ${chunk.toString()}`);
      if (stderr.length > 60) stderr.shift();
    });
    nodes.set(id, node);
  };
  for (const id of NODES) start(id);
  const admin = () =>
    new Kafka({
      clientId: 'change-ledger-cluster-tests',
      brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
      connectionTimeout: 2000,
    }).admin();
  try {
    for (const id of NODES) await waitUntilAnswers([brokers[id - 1]!], nodes.get(id)!, 90_000);
  } catch (error) {
    for (const node of nodes.values()) await stopBroker(node);
    throw new Error(`${String(error)}\n${stderr.join('').slice(-3000)}`);
  }

  const withAdmin = async <T>(use: (client: ReturnType<typeof admin>) => Promise<T>) => {
    const client = admin();
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.disconnect().catch(() => undefined);
    }
  };
  // Each node answering is not yet a cluster: a topic created before every broker has
  // registered with the controller is refused ("does not host this topic-partition").
  for (const deadline = Date.now() + 90_000; ;) {
    const registered = await withAdmin(
      async (client) => (await client.describeCluster()).brokers.length,
    ).catch(() => 0);
    if (registered === NODES.length) break;
    if (Date.now() > deadline) {
      for (const node of nodes.values()) await stopBroker(node);
      throw new Error(`only ${registered} of ${NODES.length} Kafka nodes registered within 90 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    brokers,
    controller: () => withAdmin(async (client) => (await client.describeCluster()).controller!),
    coordinator: (groupId) =>
      withAdmin(async (client) => {
        const { topics } = await client.fetchTopicMetadata({ topics: ['__consumer_offsets'] });
        const partitions = topics[0]!.partitions;
        const mine = partitions.find(
          (one) => one.partitionId === groupPartition(groupId, partitions.length),
        );
        return mine!.leader;
      }),
    kill: async (id) => {
      const node = nodes.get(id)!;
      if (node.exitCode !== null || node.signalCode !== null) return;
      const exited = new Promise((resolve) => node.once('exit', resolve));
      node.kill('SIGKILL');
      await exited;
    },
    restart: async (id) => {
      start(id);
      await waitUntilAnswers([brokers[id - 1]!], nodes.get(id)!, 90_000);
    },
    healthy: async (topics, withinMs = 90_000) => {
      for (const deadline = Date.now() + withinMs; ;) {
        const whole = await withAdmin(async (client) => {
          const { brokers: up } = await client.describeCluster();
          if (up.length < NODES.length) return false;
          const { topics: described } = await client.fetchTopicMetadata({ topics });
          return described.every((topic) =>
            topic.partitions.every((partition) => partition.isr.length === NODES.length),
          );
        }).catch(() => false); // a node still starting: ask again
        if (whole) return;
        if (Date.now() > deadline)
          throw new Error(`the Kafka cluster is not whole within ${withinMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    description: `Apache Kafka 3.9, three KRaft nodes (broker + controller), RF 3, min.insync.replicas 2`,
    stop: async () => {
      for (const node of nodes.values()) await stopBroker(node);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Kafka's partition of `__consumer_offsets` for a group: Utils.abs(groupId.hashCode()) % count. */
function groupPartition(groupId: string, count: number): number {
  let hash = 0;
  for (let index = 0; index < groupId.length; index++)
    hash = (Math.imul(31, hash) + groupId.charCodeAt(index)) | 0;
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % count;
}
