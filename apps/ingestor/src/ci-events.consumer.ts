import { type AuthenticatedActor } from '@change-ledger/auth';
import {
  type CiEventOutcome,
  type CiEventToRecord,
  ciFactIdentity,
  RecordCiFactsCommand,
} from '@change-ledger/change-requests';
import {
  classifyIngestionFailure,
  type CiMessage,
  decodeCiMessage,
  rawCiMessage,
} from '@change-ledger/ingestion';
import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
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
  type EachBatchPayload,
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
  /** Messages recorded per transaction: a fetched batch is cut into chunks of this size. */
  maxBatchSize?: number;
  /** Partitions this replica records at once (each in its own transactions). */
  partitionsConsumedConcurrently?: number;
  /**
   * How long a dead-letter transaction may stay open (kafkajs's default 60 s): what a killed
   * ingestor's open transaction holds up `read_committed` readers of the dead-letter topic for.
   * At most the brokers' `transaction.max.timeout.ms` (15 min by default), else the start fails.
   */
  transactionTimeoutMs?: number;
}
export const CI_EVENTS_CONSUMER_OPTIONS = Symbol('CI_EVENTS_CONSUMER_OPTIONS');

/** A message that keeps losing a race this often is kept aside rather than hold its partition. */
const CONFLICT_ATTEMPTS = 5;
const DEFAULT_MAX_BATCH_SIZE = 500;
const DEFAULT_PARTITIONS_CONCURRENTLY = 3;
/** Messages decoded between two turns of the event loop (about a millisecond of work). */
const DECODE_SLICE = 25;

/** Whether a partition being recorded is still this replica's, and the group's heartbeat. */
interface PartitionOwnership {
  heartbeat: () => Promise<void>;
  stillOurs: () => boolean;
}

/** A message of a chunk with where it came from, and its fact or why it has none. */
interface Received {
  message: KafkaMessage;
  event: CiEventToRecord | null;
  error: unknown;
}

/** Counts since start, for logs, tests and the benchmark. */
export interface IngestionCounts {
  recorded: number;
  duplicate: number;
  conflict: number;
  deadLettered: number;
  retried: number;
  /** Chunks recorded together (one RecordCiFactsCommand that returned). */
  batches: number;
}

export const DEAD_LETTER_HEADERS = {
  reason: 'x-ledger-dead-letter-reason',
  topic: 'x-ledger-original-topic',
  partition: 'x-ledger-original-partition',
  offset: 'x-ledger-original-offset',
  at: 'x-ledger-dead-lettered-at',
} as const;

/**
 * CI events from Kafka into the ledger, a partition's batch at a time: the messages of a chunk are
 * decoded, then recorded together (RecordCiFactsCommand: one link query, one multi-stream append),
 * then what cannot be taken is dead-lettered — in one Kafka transaction with the chunk's offsets
 * (ADR 0030) — and only then is the chunk's last offset resolved and committed. A crash at any
 * instant means a redelivery, which the (source, id) receipts absorb. A message that can never
 * be taken goes to the dead-letter topic alone, with its original bytes, headers and the
 * reason, and the rest of its chunk is recorded; a transient
 * failure (database down) retries the whole chunk with backoff, holding the partition. Partitions
 * are recorded in parallel; replicas in one consumer group share them.
 */
@Injectable()
export class CiEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CiEventsConsumer.name);
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private producer: Producer;
  private stopping = false;
  readonly counts: IngestionCounts = {
    recorded: 0,
    duplicate: 0,
    conflict: 0,
    deadLettered: 0,
    retried: 0,
    batches: 0,
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
    this.transactionalId = `${options.groupId}.dead-letters.${randomUUID()}`;
    this.producer = this.deadLetterProducer();
  }

  /**
   * Dead letters are sent in a Kafka transaction that also commits their chunk's offsets: a crash
   * or a broker's loss before the commit aborts both (readers see no dead letter, the chunk is
   * redelivered and dead-lettered again, once); after it, the chunk is not redelivered. Without
   * it a dead letter sent before a lost offset commit was sent twice. The transactional id is this
   * process's own (replicas never fence each other); a transaction a killed process left open is
   * aborted by the broker after its timeout.
   */
  private deadLetterProducer(): Producer {
    return this.kafka.producer({
      transactionalId: this.transactionalId,
      transactionTimeout: this.options.transactionTimeoutMs,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  private readonly transactionalId: string;
  /** One transaction at a time per producer: partitions' dead letters take turns. */
  private deadLetterTurn: Promise<unknown> = Promise.resolve();
  /** Set when a transaction failed without a known end: the producer is re-initialised first. */
  private producerInDoubt = false;

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureTopics();
    await this.producer.connect();
    await this.registerTransactionalId();
    await this.consumer.connect();
    for (const topic of this.options.topics)
      await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently:
        this.options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONCURRENTLY,
      // Offsets are resolved by hand, a chunk once recorded, and committed at once: a crash
      // replays at most the chunk in flight.
      eachBatchAutoResolve: false,
      autoCommitThreshold: 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /**
   * kafkajs registers the transactional id at the first transaction, that is at the first dead
   * letter. Registered here instead, so that a principal without rights on it, or brokers that
   * cannot host a transaction log, fail the start with their error rather than loop on the first
   * unreadable message. An empty transaction sends nothing to end.
   */
  private async registerTransactionalId(): Promise<void> {
    try {
      const transaction = await this.producer.transaction();
      await transaction.abort();
    } catch (error) {
      await this.producer.disconnect().catch(() => undefined);
      throw new Error(
        `Kafka transactions for the dead letters are unavailable (transactional id ${this.transactionalId}): ` +
          `${messageOf(error)}. The ingestor's principal needs Write and ` +
          `Describe on transactional ids prefixed "${this.options.groupId}.dead-letters.", and the brokers a ` +
          'transaction state log (transaction.state.log.replication.factor ≤ the number of brokers).',
        { cause: error },
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const size = this.options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    const chunks: KafkaMessage[][] = [];
    for (let start = 0; start < batch.messages.length; start += size) {
      chunks.push(batch.messages.slice(start, start + size));
    }
    const decode = (chunk: KafkaMessage[]) => this.receiveAll(batch.topic, batch.partition, chunk);
    let next = chunks.length > 0 ? decode(chunks[0]!) : Promise.resolve([]);
    for (const [index, chunk] of chunks.entries()) {
      // Stopping, or the partition went to another replica: it redelivers what is left.
      if (!isRunning() || isStale()) return;
      const received = await next;
      const stillOurs = () => isRunning() && !isStale();
      const handled = this.handleChunk(batch.topic, batch.partition, received, {
        heartbeat,
        stillOurs,
      });
      // Decoding is pure CPU and depends on nothing stored: the next chunk is decoded while this
      // one waits on the database, and recorded only after this one's offsets were committed.
      next = index + 1 < chunks.length ? decode(chunks[index + 1]!) : Promise.resolve([]);
      // Not ours any more before its dead letters were committed: whoever has it redelivers it.
      if (!(await handled)) return;
      resolveOffset(chunk.at(-1)!.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /** False when the partition stopped being this replica's before the chunk's dead letters went. */
  private async handleChunk(
    topic: string,
    partition: number,
    received: Received[],
    { heartbeat, stillOurs }: PartitionOwnership,
  ): Promise<boolean> {
    const deadLetters: { message: KafkaMessage; reason: string }[] = [];
    const decoded = received.filter((one) => one.event !== null);
    for (const { message, error } of received.filter((one) => one.event === null)) {
      deadLetters.push({ message, reason: classifyIngestionFailure(error).reason });
    }
    const outcomes = decoded.length > 0 ? await this.recordTogether(decoded, heartbeat) : [];
    for (const [index, one] of decoded.entries()) {
      const outcome = outcomes?.[index];
      if (outcome?.ok) {
        this.counted(outcome.result.outcome);
        continue;
      }
      // Refused alone, or the chunk failed as a whole for a reason that is not transient: this
      // message on its own, so that whatever cannot be taken is kept aside alone.
      const failure = outcome && classifyIngestionFailure(outcome.error);
      const reason =
        failure?.action === 'dead-letter' ? failure.reason : await this.recordAlone(one, heartbeat);
      if (reason !== null) deadLetters.push({ message: one.message, reason });
    }
    deadLetters.sort((a, b) => Number(a.message.offset) - Number(b.message.offset));
    if (deadLetters.length === 0) return true;
    const last = received.at(-1)!.message.offset;
    return this.deadLetter(topic, partition, deadLetters, last, { heartbeat, stillOurs });
  }

  /**
   * A chunk's messages decoded a slice at a time, giving way to the event loop between slices: the
   * chunk before it, waiting on the database, goes on as soon as its answer arrives.
   */
  private async receiveAll(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
  ): Promise<Received[]> {
    const received: Received[] = [];
    for (let start = 0; start < messages.length; start += DECODE_SLICE) {
      if (start > 0) await setImmediate();
      for (const message of messages.slice(start, start + DECODE_SLICE)) {
        received.push(this.receive(topic, partition, message));
      }
    }
    return received;
  }

  private receive(topic: string, partition: number, message: KafkaMessage): Received {
    const at = `${topic}/${partition}/${message.offset}`;
    try {
      const body = message.value ?? Buffer.alloc(0);
      const fact = decodeCiMessage(toCiMessage(message));
      // Hashed here, ahead, while the chunk before waits on the database.
      ciFactIdentity(fact);
      // The record as it came: every header the producer set is part of its envelope.
      const raw = rawCiMessage(message.headers ?? {}, body);
      const origin = {
        actor: this.actor(),
        source: { kind: 'kafka' as const, topic, partition, offset: message.offset },
        requestId: at,
        correlationId: at,
      };
      return { message, event: { fact, origin, raw }, error: null };
    } catch (error) {
      return { message, event: null, error };
    }
  }

  /**
   * The chunk in one command, retried with backoff while the ledger is unavailable. Null when it
   * failed as a whole for another reason (a race lost too often, a bug): the caller then records
   * its messages one by one.
   */
  private async recordTogether(
    received: Received[],
    heartbeat: () => Promise<void>,
  ): Promise<CiEventOutcome[] | null> {
    const events = received.map((one) => one.event!);
    const partition = partitionOf(events[0]!);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.commands.execute<RecordCiFactsCommand, CiEventOutcome[]>(
          new RecordCiFactsCommand(events),
        );
        this.recordingAgain(partition);
        this.counts.batches++;
        return outcomes;
      } catch (error) {
        const { action, reason } = classifyIngestionFailure(error);
        if (action === 'retry') this.unavailable.set(partition, reason);
        else this.recordingAgain(partition);
        if (action !== 'retry') {
          this.logger.warn(
            `${events[0]!.origin.requestId}+${events.length - 1}: ${reason}; recording them one by one`,
          );
          return null;
        }
        await this.backOff(
          error,
          attempt,
          `${events[0]!.origin.requestId}+${events.length - 1}`,
          reason,
          heartbeat,
        );
      }
    }
  }

  /** One message as a batch of one: recorded, or the reason to dead-letter it. */
  private async recordAlone(
    received: Received,
    heartbeat: () => Promise<void>,
  ): Promise<string | null> {
    const event = received.event!;
    const partition = partitionOf(event);
    for (let attempt = 1; ; attempt++) {
      try {
        const [outcome] = await this.commands.execute<RecordCiFactsCommand, CiEventOutcome[]>(
          new RecordCiFactsCommand([event]),
        );
        this.recordingAgain(partition);
        if (!outcome!.ok) throw outcome!.error;
        this.counted(outcome!.result.outcome);
        return null;
      } catch (error) {
        const { action, reason } = classifyIngestionFailure(error);
        if (action === 'retry') this.unavailable.set(partition, reason);
        if (
          action === 'dead-letter' ||
          (action === 'retry-then-dead-letter' && attempt >= CONFLICT_ATTEMPTS)
        ) {
          return reason;
        }
        await this.backOff(error, attempt, event.origin.requestId, reason, heartbeat);
      }
    }
  }

  private async backOff(
    error: unknown,
    attempt: number,
    what: string,
    reason: string,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    // Stopping: leave the offsets uncommitted; the messages are redelivered after restart.
    if (this.stopping) throw error;
    this.counted('retried');
    const wait = Math.min(
      (this.options.initialBackoffMs ?? 200) * 2 ** (attempt - 1),
      this.options.maxBackoffMs ?? 30_000,
    );
    this.logger.warn(`${what}: ${reason}; retrying in ${wait} ms (attempt ${attempt})`);
    await new Promise((resolve) => setTimeout(resolve, wait));
    await heartbeat();
  }

  /**
   * Whether this replica is consuming: it has joined its group and not crashed or disconnected
   * since, and no partition of it waits for the ledger's database to come back (readiness). Said
   * with the reason when not.
   */
  consuming(): { ok: true } | { ok: false; reason: string } {
    if (this.state !== 'joined') return { ok: false, reason: this.state };
    if (this.unavailable.size === 0) return { ok: true };
    const [partition, reason] = [...this.unavailable][0]!;
    return { ok: false, reason: `retrying ${partition}: ${reason}` };
  }

  private state = 'not joined yet';
  /** Partitions whose chunk waits, retrying, for the ledger to be available, with why. */
  private readonly unavailable = new Map<string, string>();

  private recordingAgain(partition: string): void {
    if (this.unavailable.delete(partition)) this.logger.log(`${partition}: recording again`);
  }

  private followConsumerState(): void {
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, () => {
      this.state = 'joined';
      // A partition that went to another replica in the rebalance is no longer this one's wait.
      this.unavailable.clear();
    });
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
    this.metrics?.ingestMessages.inc({ transport: 'kafka', outcome });
  }

  /**
   * A chunk's dead letters, in offset order, in one transaction with the chunk's offsets (up to
   * `lastOffset`): both or neither. Kafka takes a transaction's offsets without the group's
   * generation (kafkajs has no KIP-447), so a replica that stalled and lost the partition must
   * not commit: its older offsets would replace the new owner's. Just before the transaction, a
   * heartbeat (it fails once the group has moved on) and the partition's state say whether the
   * partition is still this replica's; false, nothing is sent.
   */
  private async deadLetter(
    topic: string,
    partition: number,
    deadLetters: { message: KafkaMessage; reason: string }[],
    lastOffset: string,
    { heartbeat, stillOurs }: PartitionOwnership,
  ): Promise<boolean> {
    const turn = this.deadLetterTurn.then(async () => {
      await heartbeat();
      if (!stillOurs()) return false;
      await this.sendDeadLettersWithOffsets(topic, partition, deadLetters, lastOffset);
      return true;
    });
    this.deadLetterTurn = turn.catch(() => undefined);
    if (!(await turn)) {
      this.logger.warn(`${topic}/${partition}: no longer this replica's; its dead letters unsent`);
      return false;
    }
    for (const { message, reason } of deadLetters) {
      this.counted('dead-lettered');
      this.logger.warn(`${topic}/${partition}/${message.offset} dead-lettered: ${reason}`);
    }
    return true;
  }

  private async sendDeadLettersWithOffsets(
    topic: string,
    partition: number,
    deadLetters: { message: KafkaMessage; reason: string }[],
    lastOffset: string,
  ): Promise<void> {
    if (this.producerInDoubt) {
      // Initialising the same transactional id again ends whatever the failed one left open.
      await this.producer
        .disconnect()
        .catch((error: unknown) =>
          this.logger.warn(`dead-letter producer in doubt, disconnecting: ${messageOf(error)}`),
        );
      this.producer = this.deadLetterProducer();
      await this.producer.connect();
      this.producerInDoubt = false;
    }
    const at = new Date().toISOString();
    const transaction = await this.producer.transaction();
    try {
      await transaction.send({
        topic: this.options.deadLetterTopic,
        acks: -1,
        messages: deadLetters.map(({ message, reason }) => ({
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [DEAD_LETTER_HEADERS.reason]: reason,
            [DEAD_LETTER_HEADERS.topic]: topic,
            [DEAD_LETTER_HEADERS.partition]: String(partition),
            [DEAD_LETTER_HEADERS.offset]: message.offset,
            [DEAD_LETTER_HEADERS.at]: at,
          },
        })),
      });
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic, partitions: [{ partition, offset: String(BigInt(lastOffset) + 1n) }] }],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch((abortError: unknown) => {
        this.logger.warn(
          `${topic}/${partition}: the dead-letter transaction's abort failed too (${messageOf(abortError)}); the producer is re-initialised before the next one`,
        );
        this.producerInDoubt = true;
      });
      if (transaction.isActive()) this.producerInDoubt = true;
      throw error;
    }
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `topic/partition` of a message being recorded (its origin says where it came from). */
function partitionOf(event: CiEventToRecord): string {
  const source = event.origin.source;
  return source.kind === 'kafka' ? `${source.topic}/${source.partition}` : event.origin.requestId;
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
