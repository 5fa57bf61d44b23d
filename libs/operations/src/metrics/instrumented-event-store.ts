import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  EventStoreDecorator,
  type NewEvent,
  type StreamAppend,
} from '@change-ledger/event-store';
import { type LedgerMetrics } from './ledger-metrics';

/** The event types that say a deadline was missed (libs/domain deadlines.ts). */
const DEADLINE_EVENT_TYPES = new Set(['DeadlineMissed']);

/**
 * The EventStore port with its appends measured: latency by outcome, conflicts, events by type.
 * A decorator, so that neither adapter knows about metrics.
 */
export class InstrumentedEventStore extends EventStoreDecorator {
  constructor(
    store: EventStore,
    private readonly metrics: LedgerMetrics,
  ) {
    super(store);
  }

  override async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return this.measured(events, () => this.store.appendToStream(streamId, events, options));
  }

  override async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const events = appends.flatMap((append) => append.events);
    return this.measured(events, () => this.store.appendToStreams(appends));
  }

  private async measured<T>(events: readonly NewEvent[], append: () => Promise<T>): Promise<T> {
    const end = this.metrics.appendDuration.startTimer();
    try {
      const result = await append();
      end({ outcome: 'ok' });
      for (const event of events) {
        this.metrics.eventsAppended.inc({ type: event.type });
        if (DEADLINE_EVENT_TYPES.has(event.type))
          this.metrics.deadlineEvents.inc({ type: event.type });
      }
      return result;
    } catch (error) {
      const conflict = (error as { kind?: unknown }).kind === 'conflict';
      end({ outcome: conflict ? 'conflict' : 'error' });
      if (conflict) this.metrics.appendConflicts.inc();
      throw error;
    }
  }
}
