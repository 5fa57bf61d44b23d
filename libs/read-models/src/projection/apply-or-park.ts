import {
  EventStoreUnavailableError,
  formatPosition,
  type RecordedEvent,
  translatePostgresError,
} from '@change-ledger/event-store';
import { type Logger } from '@nestjs/common';
import { type ClientBase } from 'pg';
import { type Projection } from './projection';

/**
 * Applies a batch; should it fail for anything but an unreachable database, splits it in halves,
 * in order, until the failing events stand alone, and parks those (with the error, logged once):
 * one event never stops a projection, and a poison event in a batch of thousands costs a few
 * retries (about 2·log2 n), not one statement per event. Returns the ids parked.
 */
export async function applyOrPark(
  tx: ClientBase,
  projection: Projection,
  events: readonly RecordedEvent[],
  table: (name: string) => string,
  logger: Logger,
): Promise<string[]> {
  if (events.length === 0) return [];
  const outcome = await attempt(tx, () => projection.apply(tx, events, table));
  if (outcome.ok) return [];
  if (events.length === 1) {
    await park(tx, projection.name, events[0]!, outcome.error, logger);
    return [events[0]!.id];
  }
  const half = Math.ceil(events.length / 2);
  return [
    ...(await applyOrPark(tx, projection, events.slice(0, half), table, logger)),
    ...(await applyOrPark(tx, projection, events.slice(half), table, logger)),
  ];
}

async function park(
  tx: ClientBase,
  projection: string,
  event: RecordedEvent,
  failure: unknown,
  logger: Logger,
): Promise<void> {
  const error = failure instanceof Error ? failure.message : String(failure);
  logger.error(
    `${projection}: parked ${event.type} ${event.id} (${event.streamId}@${event.revision}, position ${formatPosition(event.position)}): ${error}`,
  );
  await tx.query(
    `INSERT INTO read_models.parked_events (projection, event_id, stream_id, event_type, commit, prepare, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (projection, event_id) DO UPDATE
       SET error = EXCLUDED.error, attempts = parked_events.attempts + 1, status = 'parked',
           resolved_at = NULL, resolved_by = NULL, resolution = NULL`,
    [
      projection,
      event.id,
      event.streamId,
      event.type,
      event.position.commit.toString(),
      event.position.prepare.toString(),
      error,
    ],
  );
}

/**
 * Runs `work` inside a savepoint; on failure the transaction is rolled back to before it and the
 * error returned. An unreachable database is not the event's fault: that is thrown.
 */
async function attempt(
  tx: ClientBase,
  work: () => Promise<void>,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  await tx.query('SAVEPOINT apply');
  try {
    await work();
    await tx.query('RELEASE SAVEPOINT apply');
    return { ok: true };
  } catch (error) {
    if (translatePostgresError(error) instanceof EventStoreUnavailableError) throw error;
    // Rolled back to, then let go: halves retried after it nest no deeper than this one.
    await tx.query('ROLLBACK TO SAVEPOINT apply');
    await tx.query('RELEASE SAVEPOINT apply');
    return { ok: false, error };
  }
}

/** `work` in one transaction on `client`: committed whole or rolled back whole. */
export async function transaction<T>(
  client: ClientBase,
  work: (tx: ClientBase) => Promise<T>,
): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
