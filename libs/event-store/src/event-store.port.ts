import { type GlobalPosition, type NewEvent, type RecordedEvent } from './event-envelope';

/**
 * The event store port. Two adapters implement it (PostgreSQL, EventStoreDB/KurrentDB) and one
 * contract suite (`testing/event-store.contract.ts`) holds both to the same semantics.
 */
export interface EventStore {
  /**
   * Appends atomically, after checking the stream's current revision against `expectedRevision`.
   * Replaying an append whose event ids are already stored (same stream, type and data) returns
   * the original result and stores nothing.
   */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /**
   * Appends to several streams at once, each with the guarantees of `appendToStream` (revision
   * check, replay answered with the original result), results in the order given. A stream may
   * appear only once per call. On PostgreSQL the whole call is one transaction: all or nothing.
   * On EventStoreDB it is one append per stream in the order given, so a failure can leave the
   * earlier streams written: callers retry the whole call, and replay makes that safe.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]>;

  /** A stream's events; an empty array for a stream that was never written. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** One page of the global order, strictly after `after`. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * A catch-up subscription: every event after `after` in the global order, then live ones, each
   * exactly once, never one that was rolled back. Iterate it with `for await`; `stop()` ends it.
   */
  subscribeToAll(options?: SubscribeOptions): EventSubscription;

  /**
   * Removes a whole stream and leaves a tombstone with its last hash and the run that removed it.
   * For the retention job only: on PostgreSQL the database itself refuses any other caller, a
   * stream younger than the floor, a held one, or one the run did not plan (ADR 0008-retention);
   * who deletes is the connection's login. The stream can never be written again.
   */
  deleteStream(streamId: string, options: DeleteStreamOptions): Promise<DeleteStreamResult>;

  /** What retention left of a deleted stream; null when the stream was not deleted. */
  tombstone(streamId: string): Promise<Tombstone | null>;

  /** Every tombstone, in no particular order (verification checks each against the log). */
  tombstones(): Promise<Tombstone[]>;

  close(): Promise<void>;
}

/** `no_stream`: the stream must not exist yet. A number: the revision of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | number;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface StreamAppend {
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the last event written: the expected revision of the next append. */
  nextExpectedRevision: number;
  /** Global position of the last event written (a read model can wait until it reaches it). */
  position: GlobalPosition;
  /** The store's time for the events written, where the store states one (EventIntegrity). */
  recordedAt?: string;
  /**
   * Each event of the append, in the order given, as stored: what a signed receipt lists
   * (docs/adr/0019-receipts.md). A replayed append answers with what was stored first.
   */
  events: AppendedEvent[];
}

/** One stored event of an append: its id, its chain hash (hex) and when the store recorded it. */
export interface AppendedEvent {
  id: string;
  hash: string;
  recordedAt: string;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

/** Server-side filter of the global order: by stream name prefix or by exact event type. */
export type EventFilter = { streamPrefixes: string[] } | { eventTypes: string[] };

export interface ReadAllOptions {
  /** Exclusive: the position of the last event already seen. Omit to start at the beginning. */
  after?: GlobalPosition;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive: a checkpoint. Omit to start at the beginning. */
  after?: GlobalPosition;
  filter?: EventFilter;
}

export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

export interface DeleteStreamOptions {
  /** The retention run deleting it: its RetentionRunStarted and RetentionBatchPlanned are recorded. */
  runId: string;
}

export interface Tombstone {
  streamId: string;
  lastRevision: number;
  lastHash: string;
  eventsDeleted: number;
  deletedAt: string;
  /** The database login (PostgreSQL) or the service that deleted it. */
  deletedBy: string;
  /** Null for a removal older than retention runs (or by another path). */
  runId: string | null;
}

export interface DeleteStreamResult {
  streamId: string;
  eventsDeleted: number;
  /** The hash of the last event the stream held, kept in the tombstone. */
  lastHash: string;
}

/** Nest injection token of the configured `EventStore`. */
export const EVENT_STORE = Symbol('EVENT_STORE');
