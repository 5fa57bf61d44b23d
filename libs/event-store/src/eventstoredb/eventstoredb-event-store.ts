import { createHash } from 'node:crypto';
import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  type Position,
  type ResolvedEvent,
  START,
  StreamDeletedError as EsdbStreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  streamNameFilter,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { answerReplayedAppend } from '../append-replay';
import {
  assertExpectedRevision,
  validateAppend,
  validateAppends,
  validateStreamId,
} from '../append-validation';
import {
  type EventIntegrity,
  type GlobalPosition,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
  type RecordedMetadata,
} from '../event-envelope';
import {
  EventStoreUnavailableError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import {
  type AppendOptions,
  type AppendResult,
  type DeleteStreamOptions,
  type DeleteStreamResult,
  type EventFilter,
  type EventStore,
  type EventSubscription,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type StreamAppend,
  type Tombstone,
} from '../event-store.port';
import { sealEvents, type SealedEvent } from '../integrity/hash-chain';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false` (EventStoreDB 20+ and KurrentDB speak the same gRPC protocol). */
  connectionString: string;
  clock?: () => Date;
  /** How many of a stream's last events an append looks through for ids it may be replaying. */
  replayWindow?: number;
}

/** Where the removal of a stream is recorded (PostgreSQL keeps it in ledger.deleted_streams). */
export const DELETED_STREAMS_STREAM = 'ledger-deleted-streams';

/** The retention job as EventStoreDB records it (its ACLs, not this name, keep others out). */
const RETENTION_SERVICE = {
  id: 'retention',
  kind: 'service' as const,
  roles: ['retention'],
  authenticatedBy: 'eventstoredb-acl',
};
const DEFAULT_PAGE = 1000;

/** Stored metadata: the envelope, the chain links, and EventStoreDB's own correlation fields. */
type StoredMetadata = RecordedMetadata & {
  integrity: EventIntegrity;
  $correlationId: string;
  $causationId?: string;
};

/**
 * The event store on EventStoreDB / KurrentDB: the production store of docker-compose.
 * EventStoreDB provides expected revisions, the global order (`$all`), server-side filters and
 * tombstones natively; this adapter adds what the port asks for beyond them: validation, the hash
 * chain (stored in each event's metadata) and idempotent replays answered from the stream's tail.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly clock: () => Date;
  private readonly replayWindow: number;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.clock = options.clock ?? (() => new Date());
    this.replayWindow = options.replayWindow ?? 500;
  }

  /** One append per stream, in the order given: not atomic across streams (see the port). */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const valid = validateAppends(appends);
    const results: AppendResult[] = [];
    for (const { streamId, events, expectedRevision } of valid) {
      results.push(await this.appendToStream(streamId, events, { expectedRevision }));
    }
    return results;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const valid = validateAppend(streamId, events, options);
    const expected = options.expectedRevision;
    for (let attempt = 1; ; attempt++) {
      const tail = await this.readStream(streamId, {
        direction: 'backwards',
        maxCount: Math.max(this.replayWindow, valid.length),
      });
      const ids = new Set(valid.map((event) => event.id));
      const replayed = tail.filter((event) => ids.has(event.id));
      if (replayed.length > 0) return answerReplayedAppend(streamId, valid, replayed);

      const last = tail[0];
      const current = last?.revision;
      assertExpectedRevision(streamId, expected, current);
      const sealed = sealEvents(
        streamId,
        valid,
        last ? { revision: last.revision, hash: last.integrity.hash } : undefined,
        this.clock(),
      );
      try {
        const result = await this.client.appendToStream(streamId, sealed.map(toEventData), {
          // The revision the chain was sealed on, whatever the caller expected: a writer that
          // slipped in between must not leave two events linked to the same predecessor.
          expectedRevision: current === undefined ? NO_STREAM : BigInt(current),
        });
        const revision = Number(result.nextExpectedRevision);
        return {
          nextExpectedRevision: revision,
          position: await this.positionOf(streamId, revision, result.position),
          events: sealed.map((event) => ({
            id: event.id,
            hash: event.hash,
            recordedAt: event.metadata.recordedAt,
          })),
        };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          if (expected === 'any' && attempt < 5) continue;
          const actual =
            typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no_stream';
          throw new WrongExpectedRevisionError(streamId, expected, actual);
        }
        throw translate(error, streamId);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision === undefined
            ? backwards
              ? END
              : START
            : BigInt(options.fromRevision),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const event = fromResolved(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) return [];
      throw translate(error, streamId);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? DEFAULT_PAGE;
    const page: RecordedEvent[] = [];
    let from: GlobalPosition | undefined = options.after;
    // $all holds system events and, without a server-side filter on reads, other streams' events:
    // keep reading until the page is full or the log ends.
    for (;;) {
      const chunk = await this.readAllChunk(from, maxCount);
      for (const event of chunk.events) {
        if (matches(event, options.filter)) page.push(event);
        if (page.length === maxCount) return page;
      }
      if (chunk.exhausted || !chunk.lastPosition) return page;
      from = chunk.lastPosition;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: options.after ? toEsdbPosition(options.after) : START,
      filter: toServerFilter(options.filter),
    });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
            const event = fromResolved(resolved);
            if (event && matches(event, options.filter)) yield event;
          }
        } catch (error) {
          throw translate(error);
        } finally {
          await subscription.unsubscribe().catch(() => undefined);
        }
      },
      stop: () => subscription.unsubscribe(),
    };
  }

  /**
   * EventStoreDB has no deletion function to refuse a caller: restrict `$tombstone` to the
   * retention user with the server's ACLs (ADR 0008-retention). The removal is recorded first,
   * so a crash between the two leaves a record of a removal that can be re-run, never a stream
   * gone without a trace.
   */
  async deleteStream(streamId: string, options: DeleteStreamOptions): Promise<DeleteStreamResult> {
    validateStreamId(streamId);
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (!last) throw new StreamNotFoundError(streamId);
    const removal = {
      streamId,
      lastRevision: last.revision,
      lastHash: last.integrity.hash,
      eventsDeleted: last.revision + 1,
      runId: options.runId,
      deletedAt: this.clock().toISOString(),
    };
    await this.appendToStream(
      DELETED_STREAMS_STREAM,
      [
        {
          id: deterministicRemovalId(streamId, last.integrity.hash),
          type: 'StreamDeleted',
          data: removal,
          metadata: {
            actor: RETENTION_SERVICE,
            occurredAt: removal.deletedAt,
            correlationId: `retention:${options.runId}`,
            source: { kind: 'system', process: 'retention' },
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    try {
      await this.client.tombstoneStream(streamId, { expectedRevision: BigInt(last.revision) });
    } catch (error) {
      throw translate(error, streamId);
    }
    return { streamId, eventsDeleted: removal.eventsDeleted, lastHash: removal.lastHash };
  }

  async tombstone(streamId: string): Promise<Tombstone | null> {
    return (await this.tombstones()).find((tombstone) => tombstone.streamId === streamId) ?? null;
  }

  async tombstones(): Promise<Tombstone[]> {
    // In recorded order: the latest removal recorded for a stream is the one that counts.
    const byStream = new Map<string, Tombstone>();
    for (const removal of await this.readStream(DELETED_STREAMS_STREAM)) {
      const tombstone = toTombstone(removal);
      byStream.set(tombstone.streamId, tombstone);
    }
    return [...byStream.values()];
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async readAllChunk(after: GlobalPosition | undefined, size: number) {
    const events: RecordedEvent[] = [];
    let lastPosition: GlobalPosition | undefined;
    let read = 0;
    try {
      const stream = this.client.readAll({
        direction: FORWARDS,
        fromPosition: after ? toEsdbPosition(after) : START,
        maxCount: size + 1,
      });
      for await (const resolved of stream as AsyncIterable<AllStreamResolvedEvent>) {
        read += 1;
        const position = resolved.event?.position;
        if (!position) continue;
        lastPosition = { commit: position.commit, prepare: position.prepare };
        // The read starts at `after` itself; the port's `after` is exclusive.
        if (after && position.commit === after.commit && position.prepare === after.prepare)
          continue;
        const event = fromResolved(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      throw translate(error);
    }
    return { events, lastPosition, exhausted: read < size + 1 };
  }

  private async positionOf(streamId: string, revision: number, position: Position | undefined) {
    if (position) return { commit: position.commit, prepare: position.prepare };
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    return event!.position;
  }
}

function toEventData(event: SealedEvent) {
  const metadata: StoredMetadata = {
    ...event.metadata,
    integrity: { prevHash: event.prevHash, hash: event.hash },
    $correlationId: event.metadata.correlationId,
    ...(event.metadata.causationId ? { $causationId: event.metadata.causationId } : {}),
  };
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata });
}

function fromResolved(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson || event.type.startsWith('$') || event.streamId.startsWith('$')) {
    return undefined;
  }
  const stored = event.metadata as StoredMetadata | undefined;
  if (!stored?.integrity) return undefined; // not written through this port
  const { integrity, $correlationId: _c, $causationId: _k, ...metadata } = stored;
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position
      ? { commit: event.position.commit, prepare: event.position.prepare }
      : { commit: -1n, prepare: -1n },
    type: event.type,
    data: event.data as JsonObject,
    metadata,
    integrity,
  };
}

function matches(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if ('streamPrefixes' in filter)
    return filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
  return filter.eventTypes.includes(event.type);
}

function toServerFilter(filter: EventFilter | undefined) {
  if (!filter) return excludeSystemEvents();
  if ('streamPrefixes' in filter) return streamNameFilter({ prefixes: filter.streamPrefixes });
  const alternatives = filter.eventTypes.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return eventTypeFilter({ regex: `^(?:${alternatives.join('|')})$` });
}

function toEsdbPosition(position: GlobalPosition): Position {
  return { commit: position.commit, prepare: position.prepare };
}

/** The same removal recorded twice (a re-run after a crash) is stored once. */
function deterministicRemovalId(streamId: string, lastHash: string): string {
  const hex = createHash('sha256').update(`${streamId}\n${lastHash}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function translate(error: unknown, streamId?: string): unknown {
  if (error instanceof EsdbStreamDeletedError)
    return new StreamDeletedError(streamId ?? error.streamName);
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError) {
    return new EventStoreUnavailableError(error);
  }
  return error;
}

function toTombstone(removal: RecordedEvent): Tombstone {
  const data = removal.data;
  return {
    streamId: String(data['streamId']),
    lastRevision: Number(data['lastRevision']),
    lastHash: String(data['lastHash']),
    eventsDeleted: Number(data['eventsDeleted']),
    deletedAt: String(data['deletedAt'] ?? removal.metadata.recordedAt),
    deletedBy: removal.metadata.actor.id,
    runId: typeof data['runId'] === 'string' ? data['runId'] : null,
  };
}
