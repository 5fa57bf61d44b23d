import { type RecordedEvent } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';

/** A stream of the batch: the state its row holds (none yet: undefined) and what it has not folded. */
export interface StreamToFold<State> {
  id: string;
  stored: State | undefined;
  fresh: RecordedEvent[];
}

/**
 * The rows a projection keeps one per stream (`key`, `state`, `last_revision`) for the streams of
 * a batch, locked for its transaction in the key's order, each with the events it has not folded
 * yet; a stream with none is left out. The checkpoint already makes a batch exactly-once; the
 * revision guard keeps a replay harmless.
 */
export async function streamsToFold<State>(
  tx: ClientBase,
  table: string,
  key: string,
  byStream: ReadonlyMap<string, readonly RecordedEvent[]>,
  idOf: (streamId: string) => string,
): Promise<StreamToFold<State>[]> {
  const { rows } = await tx.query<{ id: string; state: State; last_revision: string }>(
    `SELECT ${key} AS id, state, last_revision FROM ${table}
      WHERE ${key} = ANY($1::text[]) ORDER BY ${key} FOR UPDATE`,
    [[...byStream.keys()].map(idOf)],
  );
  const stored = new Map(rows.map((row) => [row.id, row]));
  const toFold: StreamToFold<State>[] = [];
  for (const [streamId, streamEvents] of byStream) {
    const id = idOf(streamId);
    const row = stored.get(id);
    const fresh = streamEvents.filter(
      (event) => !row || event.revision > Number(row.last_revision),
    );
    if (fresh.length > 0) toFold.push({ id, stored: row?.state, fresh });
  }
  return toFold;
}
