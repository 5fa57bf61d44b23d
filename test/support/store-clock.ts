import { setDatabaseClock } from '@change-ledger/event-store/testing/store-time';
import { withClient } from './test-database';

export { setDatabaseClock };

/**
 * Waits until the log covers every event the store holds with a signed checkpoint (an API booted
 * with a checkpoint cadence signs one on its own). Retention judges age by when the log first
 * covered an event: a test that writes history "in the past" waits here before moving the
 * database's clock on.
 */
export async function untilCheckpointed(databaseUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await withClient(databaseUrl, (db) =>
      db.query<{ uncovered: number }>(
        `SELECT count(*)::int AS uncovered FROM ledger.events e
          WHERE NOT EXISTS (
            SELECT 1 FROM ledger_log.leaves l
             WHERE l.event_id = e.event_id
               AND EXISTS (SELECT 1 FROM ledger_log.checkpoints c WHERE c.tree_size > l.leaf_index))`,
      ),
    );
    if (rows[0]!.uncovered === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${rows[0]!.uncovered} event(s) no checkpoint covers after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
