import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  EventStoreDecorator,
  type NewEvent,
  type StreamAppend,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { IDEMPOTENCY_STREAM_PREFIX } from '@change-ledger/domain';
import { IdempotencyError } from './idempotency.errors';
import { type Claim, writeRecordedAppend } from './idempotency.store';

/**
 * The requests of this process that hold an Idempotency-Key, by the request id their events
 * carry (`source.requestId`). A request id belongs to one such request at a time: two running
 * requests under one id could not tell whose write is whose.
 */
export class ClaimedRequests {
  private readonly byRequestId = new Map<string, Claim | null>();
  /** Running writes without a key, by request id: they may share one among themselves. */
  private readonly keyless = new Map<string, number>();

  /**
   * Takes `requestId` for a request about to claim a key; false if another request holds it,
   * keyed or not (a keyless write under the same id would be recorded under this key).
   */
  reserve(requestId: string): boolean {
    if (this.byRequestId.has(requestId) || this.keyless.has(requestId)) return false;
    this.byRequestId.set(requestId, null);
    return true;
  }

  /** A write without a key, running under `requestId`; false while a keyed request holds it. */
  reserveKeyless(requestId: string): boolean {
    if (this.byRequestId.has(requestId)) return false;
    this.keyless.set(requestId, (this.keyless.get(requestId) ?? 0) + 1);
    return true;
  }

  releaseKeyless(requestId: string): void {
    const running = (this.keyless.get(requestId) ?? 1) - 1;
    if (running > 0) this.keyless.set(requestId, running);
    else this.keyless.delete(requestId);
  }

  hold(claim: Claim): void {
    this.byRequestId.set(claim.requestId, claim);
  }

  release(requestId: string): void {
    this.byRequestId.delete(requestId);
  }

  of(requestId: string): Claim | undefined {
    return this.byRequestId.get(requestId) ?? undefined;
  }
}

/**
 * The EventStore port, with every append of a request that holds an Idempotency-Key carrying the
 * key's `IdempotentWriteRecorded` in the same `appendToStreams` (one transaction on PostgreSQL;
 * on EventStoreDB the record goes first, and recovery checks the write itself). So:
 * - a claim whose request died tells from its own stream whether the request wrote, and what;
 * - the record appends at the claim's revision: once a retry has taken over a stale claim, an
 *   append the old request still had in flight fails as a whole (IDEMPOTENCY.CLAIM_LOST).
 * A decorator, so that neither the adapters nor the command handlers know about keys; the events
 * themselves say which request wrote them, so appends that batch several requests (creations
 * sharing a turn) record each request's part under its own key.
 */
export class ClaimMarkingEventStore extends EventStoreDecorator {
  constructor(
    store: EventStore,
    private readonly claims: ClaimedRequests,
    private readonly now: () => Date,
  ) {
    super(store);
  }

  override async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const append = { streamId, events, expectedRevision: options.expectedRevision };
    const marks = this.marksOf([append]);
    if (marks.length === 0) return this.store.appendToStream(streamId, events, options);
    return (await this.appendMarked(marks, [append]))[0]!;
  }

  override async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const marks = this.marksOf(appends);
    if (marks.length === 0) return this.store.appendToStreams(appends);
    return this.appendMarked(marks, appends);
  }

  private async appendMarked(
    marks: { claim: Claim; append: StreamAppend }[],
    appends: readonly StreamAppend[],
  ): Promise<AppendResult[]> {
    let results: AppendResult[];
    try {
      results = await this.store.appendToStreams([...marks.map((mark) => mark.append), ...appends]);
    } catch (error) {
      const lost = marks.find(
        (mark) =>
          error instanceof WrongExpectedRevisionError && error.streamId === mark.claim.streamId,
      );
      if (lost) {
        throw new IdempotencyError(
          'IDEMPOTENCY.CLAIM_LOST',
          'conflict',
          'This request ran past its Idempotency-Key lease and a retry took the key over; nothing of this request was recorded',
          { key: lost.claim.key },
        );
      }
      throw error;
    }
    marks.forEach(({ claim }, index) => {
      claim.revision = results[index]!.nextExpectedRevision;
      claim.wrote = true;
    });
    return results.slice(marks.length);
  }

  /** The record each claimed request needs for its part of these appends. */
  private marksOf(appends: readonly StreamAppend[]) {
    const writes = new Map<Claim, { streamId: string; eventIds: string[] }[]>();
    for (const append of appends) {
      if (append.streamId.startsWith(IDEMPOTENCY_STREAM_PREFIX)) continue;
      for (const event of append.events) {
        const source = event.metadata.source;
        const claim = source.kind === 'api' ? this.claims.of(source.requestId) : undefined;
        if (!claim) continue;
        const ofClaim = writes.get(claim) ?? [];
        const write = ofClaim.find((each) => each.streamId === append.streamId);
        if (write) write.eventIds.push(event.id);
        else ofClaim.push({ streamId: append.streamId, eventIds: [event.id] });
        writes.set(claim, ofClaim);
      }
    }
    const at = this.now();
    return [...writes].map(([claim, ofClaim]) => ({
      claim,
      append: writeRecordedAppend(claim, ofClaim, at),
    }));
  }
}
