import { type NewEvent, type RecordedEvent } from './event-envelope';
import {
  type AppendOptions,
  type AppendResult,
  type DeleteStreamOptions,
  type DeleteStreamResult,
  type EventStore,
  type EventSubscription,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamAppend,
  type SubscribeOptions,
  type Tombstone,
} from './event-store.port';

/**
 * A decorator of the EventStore port that hands every call to the store it wraps: a subclass
 * overrides what it adds to (metrics, Idempotency-Key records) and inherits the rest, so a new
 * method of the port is passed through once, here.
 */
export abstract class EventStoreDecorator implements EventStore {
  constructor(protected readonly store: EventStore) {}

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return this.store.appendToStream(streamId, events, options);
  }

  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.store.appendToStreams(appends);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  subscribeToAll(options?: SubscribeOptions): EventSubscription {
    return this.store.subscribeToAll(options);
  }

  deleteStream(streamId: string, options: DeleteStreamOptions): Promise<DeleteStreamResult> {
    return this.store.deleteStream(streamId, options);
  }

  tombstone(streamId: string): Promise<Tombstone | null> {
    return this.store.tombstone(streamId);
  }

  tombstones(): Promise<Tombstone[]> {
    return this.store.tombstones();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
