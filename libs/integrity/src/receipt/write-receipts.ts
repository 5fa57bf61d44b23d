import {
  type AppendedEvent,
  type AppendOptions,
  type AppendResult,
  type EventSourceRef,
  type EventStore,
  EventStoreDecorator,
  type NewEvent,
  type StreamAppend,
} from '@change-ledger/event-store';
import { type NoteSigner } from '../note/signed-note';
import { signReceipt } from './receipt';

/** The default maximum merge delay: how long after recording the log promises a checkpoint. */
export const DEFAULT_MAX_MERGE_DELAY_SECONDS = 300;

/**
 * What a write's answer says about its receipt: the signed note, or why there is none. Never a
 * silent omission: a client that was told "recorded" either holds the log's promise or was told
 * why it does not.
 */
export type ReceiptAnswer = { receipt: string } | { receipt: null; receipt_unavailable: string };

export interface WriteReceiptsOptions {
  /** The log's key (the checkpoints' signer, named after the origin); absent: no receipts. */
  signer?: NoteSigner;
  /** Why there is no signer, for the answers (e.g. the key file is missing). */
  unavailableBecause?: string;
  origin: string;
  maxMergeDelaySeconds?: number;
}

/**
 * Signs the receipts of one process's writes (docs/adr/0019-receipts.md), and tells which events
 * a write wrote. A write is named by where its events say they came from (`metadata.source`: an
 * API request id, a webhook delivery, a Kafka record), as the Idempotency-Key records tell
 * requests apart: appends that batch several requests' events (creations sharing a turn) give
 * each request its own events. Only writes someone opened are followed, so system writes leave
 * nothing behind.
 */
export class WriteReceipts {
  private readonly open = new Map<string, AppendedEvent[]>();
  private readonly maxMergeDelayMs: number;

  constructor(private readonly options: WriteReceiptsOptions) {
    this.maxMergeDelayMs = (options.maxMergeDelaySeconds ?? DEFAULT_MAX_MERGE_DELAY_SECONDS) * 1000;
  }

  /** Follows the write of `source` until `close`: its appended events are kept for its receipt. */
  begin(source: EventSourceRef): string {
    const key = writeKey(source);
    // Two running requests under one request id share it: each receipt then lists both's events.
    if (key && !this.open.has(key)) this.open.set(key, []);
    return key ?? '';
  }

  /** Stops following the write; the events it appended (none when it wrote nothing). */
  end(key: string): AppendedEvent[] {
    const events = this.open.get(key) ?? [];
    this.open.delete(key);
    return events;
  }

  /** Called by the store decorator with each append's events and what they were appended as. */
  appended(events: readonly NewEvent[], stored: readonly AppendedEvent[]): void {
    if (this.open.size === 0) return;
    events.forEach((event, index) => {
      const key = writeKey(event.metadata.source);
      const written = key === undefined ? undefined : this.open.get(key);
      if (written && stored[index]) written.push(stored[index]);
    });
  }

  /**
   * One signature per write, whatever its number of events: the receipt lists them all and
   * promises a checkpoint no later than the last one's recorded time plus the maximum merge delay.
   */
  receiptFor(events: readonly AppendedEvent[]): ReceiptAnswer {
    if (!this.options.signer)
      return {
        receipt: null,
        receipt_unavailable: this.options.unavailableBecause ?? 'this process has no log key',
      };
    if (events.length === 0)
      return { receipt: null, receipt_unavailable: 'this request recorded no new event' };
    const recorded = events.map((event) => new Date(event.recordedAt));
    const last = Math.max(...recorded.map((time) => time.getTime()));
    return {
      receipt: signReceipt(
        {
          origin: this.options.origin,
          includeBy: new Date(last + this.maxMergeDelayMs),
          events: events.map((event, index) => ({
            id: event.id,
            hash: event.hash,
            recordedAt: recorded[index]!,
          })),
        },
        this.options.signer,
      ),
    };
  }
}

/** The name of the write an event came from; none for the CLI and system jobs. */
export function writeKey(source: EventSourceRef): string | undefined {
  switch (source.kind) {
    case 'api':
      return `api ${source.requestId}`;
    case 'webhook':
      return `webhook ${source.provider} ${source.deliveryId}`;
    case 'kafka':
      return `kafka ${source.topic} ${source.partition} ${source.offset}`;
    case 'cli':
    case 'system':
      return undefined;
  }
}

/** The EventStore port, telling WriteReceipts what each append stored. */
export class ReceiptingEventStore extends EventStoreDecorator {
  constructor(
    store: EventStore,
    private readonly receipts: WriteReceipts,
  ) {
    super(store);
  }

  override async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const result = await this.store.appendToStream(streamId, events, options);
    this.receipts.appended(events, result.events);
    return result;
  }

  override async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const results = await this.store.appendToStreams(appends);
    appends.forEach((append, index) =>
      this.receipts.appended(append.events, results[index]!.events),
    );
    return results;
  }
}
