import { type AuthenticatedActor } from '@change-ledger/auth';
import {
  classifyIngestionFailure,
  type CiMessage,
  decodeCiMessage,
  RecordCiEventCommand,
  type RecordCiEventResult,
} from '@change-ledger/ingestion';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { type IngestOutcome, LedgerMetrics } from '@change-ledger/operations';
import { CommandBus } from '@nestjs/cqrs';
import {
  type Consumer,
  type IHeaders,
  Kafka,
  type KafkaMessage,
  logLevel,
  Partitioners,
  type Producer,
} from 'kafkajs';

export interface CiEventsConsumerOptions {
  brokers: string[];
  topics: string[];
  deadLetterTopic: string;
  groupId: string;
  principal: string;
  /**
   * The CI sources this topic may carry (exact, or a prefix ending in `*`). Default every source:
   * the topic's write ACL is then the binding; narrow it where several teams share a topic.
   */
  ciSources?: string[];
  /** First wait after a transient failure; doubled each time up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}
export const CI_EVENTS_CONSUMER_OPTIONS = Symbol('CI_EVENTS_CONSUMER_OPTIONS');

/** A message that keeps losing a race this often is kept aside rather than hold its partition. */
const CONFLICT_ATTEMPTS = 5;

/** Counts since start, for logs, tests and the benchmark. */
export interface IngestionCounts {
  recorded: number;
  duplicate: number;
  conflict: number;
  deadLettered: number;
  retried: number;
}

export const DEAD_LETTER_HEADERS = {
  reason: 'x-ledger-dead-letter-reason',
  topic: 'x-ledger-original-topic',
  partition: 'x-ledger-original-partition',
  offset: 'x-ledger-original-offset',
  at: 'x-ledger-dead-lettered-at',
} as const;

/**
 * CI events from Kafka into the ledger. A message is recorded (or dead-lettered) before its
 * offset can be committed: kafkajs commits only offsets whose `eachMessage` has returned, so a
 * crash at any instant means a redelivery, which the (source, id) dedupe absorbs. A message that
 * can never be taken goes to the dead-letter topic with its original bytes, headers and the
 * reason; a transient failure (database down) is retried with backoff, holding the partition.
 */
@Injectable()
export class CiEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CiEventsConsumer.name);
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private stopping = false;
  readonly counts: IngestionCounts = {
    recorded: 0,
    duplicate: 0,
    conflict: 0,
    deadLettered: 0,
    retried: 0,
  };

  constructor(
    @Inject(CI_EVENTS_CONSUMER_OPTIONS) private readonly options: CiEventsConsumerOptions,
    private readonly commands: CommandBus,
    @Optional() private readonly metrics?: LedgerMetrics,
  ) {
    this.kafka = new Kafka({
      clientId: options.principal,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
    });
    this.consumer = this.kafka.consumer({ groupId: options.groupId });
    this.followConsumerState();
    // Idempotent, acks from all replicas: a dead letter is written once and durably.
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureTopics();
    await this.producer.connect();
    await this.consumer.connect();
    for (const topic of this.options.topics)
      await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      // Commit each message's offset once it is recorded or dead-lettered, so a crash replays at
      // most the message in flight, not the rest of its fetch batch.
      autoCommitThreshold: 1,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        await this.handle(topic, partition, message, heartbeat);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  private async handle(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const origin = {
      actor: this.actor(),
      source: { kind: 'kafka' as const, topic, partition, offset: message.offset },
      requestId: `${topic}/${partition}/${message.offset}`,
      correlationId: `${topic}/${partition}/${message.offset}`,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const fact = decodeCiMessage(toCiMessage(message));
        const result: RecordCiEventResult = await this.commands.execute(
          new RecordCiEventCommand(fact, origin),
        );
        this.counted(result.outcome);
        return;
      } catch (error) {
        const { action, reason } = classifyIngestionFailure(error);
        if (
          action === 'dead-letter' ||
          (action === 'retry-then-dead-letter' && attempt >= CONFLICT_ATTEMPTS)
        ) {
          await this.deadLetter(topic, partition, message, reason);
          return;
        }
        // Stopping: leave the offset uncommitted; the message is redelivered after restart.
        if (this.stopping) throw error;
        this.counted('retried');
        const wait = Math.min(
          (this.options.initialBackoffMs ?? 200) * 2 ** (attempt - 1),
          this.options.maxBackoffMs ?? 30_000,
        );
        this.logger.warn(
          `${origin.requestId}: ${reason}; retrying in ${wait} ms (attempt ${attempt})`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
        await heartbeat();
      }
    }
  }

  /**
   * Whether this replica is consuming: it has joined its group and not crashed or disconnected
   * since (readiness). Said with the reason when not.
   */
  consuming(): { ok: true } | { ok: false; reason: string } {
    return this.state === 'joined' ? { ok: true } : { ok: false, reason: this.state };
  }

  private state = 'not joined yet';

  private followConsumerState(): void {
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, () => (this.state = 'joined'));
    this.consumer.on(events.CRASH, (event) => {
      this.state = `crashed: ${event.payload.error.message}`;
      this.logger.error(`consumer crashed: ${event.payload.error.message}`);
    });
    this.consumer.on(events.DISCONNECT, () => (this.state = 'disconnected'));
    this.consumer.on(events.END_BATCH_PROCESS, (event) =>
      this.metrics?.consumerLag.set(
        { topic: event.payload.topic, partition: String(event.payload.partition) },
        Number(event.payload.offsetLag),
      ),
    );
  }

  private counted(outcome: IngestOutcome): void {
    this.counts[outcome === 'dead-lettered' ? 'deadLettered' : outcome]++;
    this.metrics?.ingestMessages.inc({ outcome });
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
  ) {
    await this.producer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [DEAD_LETTER_HEADERS.reason]: reason,
            [DEAD_LETTER_HEADERS.topic]: topic,
            [DEAD_LETTER_HEADERS.partition]: String(partition),
            [DEAD_LETTER_HEADERS.offset]: message.offset,
            [DEAD_LETTER_HEADERS.at]: new Date().toISOString(),
          },
        },
      ],
    });
    this.counted('dead-lettered');
    this.logger.warn(`${topic}/${partition}/${message.offset} dead-lettered: ${reason}`);
  }

  private async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = [...this.options.topics, this.options.deadLetterTopic].filter(
        (topic) => !existing.has(topic),
      );
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic })),
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  private actor(): AuthenticatedActor {
    return {
      id: this.options.principal,
      kind: 'service',
      roles: ['ci-ingestor'],
      authenticatedBy: 'kafka',
      ciSources: this.options.ciSources ?? ['*'],
    };
  }
}

/** kafkajs headers (Buffer, string or arrays of them) as the lower-cased strings the formats read. */
function toCiMessage(message: Pick<KafkaMessage, 'headers' | 'value'>): CiMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? ({} as IHeaders))) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name.toLowerCase()] = first.toString();
  }
  return { headers, body: message.value ?? Buffer.alloc(0) };
}
