import { type EventFilter, type RecordedEvent } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';

/**
 * A projection: events in, rows of its own tables out. `apply` takes a batch (in global order,
 * up to a thousand events live and five thousand in a rebuild) inside the runner's transaction,
 * which also moves the projection's checkpoint, so an event is applied exactly once even when the
 * process dies at any instant. `table(name)` is where to write: the live table, or its shadow
 * during a rebuild. Writing a statement per event works; gathering the batch's rows and writing
 * each table once (`copyRows` for new rows, `insertRows` to upsert) is what keeps rebuilds near
 * the speed of a read. Should `apply` throw, the runner retries halves of the batch and parks the
 * events that fail alone.
 */
export interface Projection {
  name: string;
  /** Which events it needs, as a server-side filter of the global order. */
  filter: EventFilter;
  /** The tables it owns in the read_models schema; a rebuild replaces all of them at once. */
  tables: readonly string[];
  apply(
    tx: ClientBase,
    events: readonly RecordedEvent[],
    table: (name: string) => string,
  ): Promise<void>;
}

export const liveTable = (name: string) => `read_models.${name}`;
