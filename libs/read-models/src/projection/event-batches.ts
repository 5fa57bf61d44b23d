import { type EventSubscription, type RecordedEvent } from '@change-ledger/event-store';

export type NextBatch =
  | { kind: 'events'; events: RecordedEvent[] }
  /** Nothing arrived for a while: the caller's moment for housekeeping (is its lock wanted?). */
  | { kind: 'quiet' }
  /** The subscription was stopped. */
  | { kind: 'ended' };

export interface EventBatchOptions {
  /** At most this many events per batch. */
  maxEvents: number;
  /** Once an event came, how long to wait for more before handing over a partial batch. */
  lingerMs: number;
  /** With no event at all, how long until `quiet` is answered. */
  quietMs: number;
}

/**
 * Groups a catch-up subscription's events into batches, so that one transaction applies many:
 * while catching up, the subscription hands out whole pages without waiting and batches fill up;
 * at the head, a lone event waits at most `lingerMs` for company. The event the subscription is
 * still fetching when a wait runs out is kept for the next batch, never lost or read twice.
 */
export class EventBatches {
  private readonly events: AsyncIterator<RecordedEvent>;
  private pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  private ended = false;

  constructor(
    subscription: EventSubscription,
    private readonly options: EventBatchOptions,
  ) {
    this.events = subscription[Symbol.asyncIterator]();
  }

  async next(): Promise<NextBatch> {
    const batch: RecordedEvent[] = [];
    // One timer per wait, not per event: a page of thousands is taken in microtasks.
    let deadline = timeout(this.options.quietMs);
    try {
      while (!this.ended && batch.length < this.options.maxEvents) {
        this.pending ??= this.events.next();
        const next = await Promise.race([this.pending, deadline.expired]);
        if (next === TIMED_OUT) break;
        this.pending = undefined;
        if (next.done) {
          this.ended = true;
          break;
        }
        if (batch.length === 0) {
          deadline.clear();
          deadline = timeout(this.options.lingerMs);
        }
        batch.push(next.value);
      }
    } finally {
      deadline.clear();
    }
    if (batch.length > 0) return { kind: 'events', events: batch };
    return this.ended ? { kind: 'ended' } : { kind: 'quiet' };
  }
}

const TIMED_OUT = Symbol('timed out');

function timeout(ms: number): { expired: Promise<typeof TIMED_OUT>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return { expired, clear: () => clearTimeout(timer) };
}
