import { withClient } from '../postgres/connections';

/**
 * Test-only levers on the PostgreSQL store's time, through a superuser connection (the one the
 * tests migrate with). The store takes every event's time from ledger.clock() and retention
 * measures periods by when the log first covered an event (ledger.sequenced_at()), so writing
 * history "in the past" means moving the database's clock, as the tests once moved the API's.
 */

/** Moves ledger.clock() to `at` (from now on it runs from there), or back to real time. */
export async function setDatabaseClock(databaseUrl: string, at?: Date): Promise<void> {
  await withClient('test clock', databaseUrl, (admin) =>
    admin.query(
      `UPDATE ledger.clock_adjustment
          SET offset_by = CASE WHEN $1::timestamptz IS NULL THEN interval '0' ELSE $1::timestamptz - now() END`,
      [at?.toISOString() ?? null],
    ),
  );
}

/**
 * A stand-in for the transparency log in the event store's own tests, where libs/integrity is not
 * in play: every event not yet a leaf becomes one, in global order, and a checkpoint row covering
 * them all is recorded at the database's clock. Nothing here is signed or hashed into a tree; the
 * log's own tests (libs/integrity) use the real sequencer and checkpointer.
 */
export async function recordEverythingSequenced(databaseUrl: string): Promise<void> {
  await withClient('test log', databaseUrl, async (admin) => {
    await admin.query(
      `INSERT INTO ledger_log.leaves (leaf_index, event_id, stream_id, revision, event_hash, commit, prepare)
       SELECT (SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_log.leaves)
                + row_number() OVER (ORDER BY e.transaction_id, e.global_seq) - 1,
              e.event_id, e.stream_id, e.revision, decode(e.hash, 'hex'),
              e.transaction_id::text::numeric, e.global_seq
         FROM ledger.events e
        WHERE NOT EXISTS (SELECT 1 FROM ledger_log.leaves l WHERE l.event_id = e.event_id)`,
    );
    await admin.query(
      `INSERT INTO ledger_log.checkpoints (tree_size, root_hash, origin, note, verifier_key, signed_at)
       SELECT max(leaf_index) + 1, decode(repeat('00', 32), 'hex'), 'test', 'test', 'test', ledger.clock()
         FROM ledger_log.leaves
       HAVING max(leaf_index) IS NOT NULL
       ON CONFLICT (tree_size) DO NOTHING`,
    );
  });
}
