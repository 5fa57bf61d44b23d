import { createPool, PostgresEventStore } from '@change-ledger/event-store';
import { LogStore, type NoteVerifier, verifyLedger } from '@change-ledger/integrity';

/**
 * The property every e2e file ends on (issue 23): whatever the file did, every event the store
 * holds was sequenced into the log — a subscriber that skipped one would leave it without a leaf
 * for good — and `ledger verify` finds nothing to report. Thrown from an `afterAll`, it fails the
 * file.
 */
export async function expectLedgerWhole(
  databaseUrl: string,
  verifier: NoteVerifier,
  options: { sequencerRuns: boolean; waitMs?: number },
): Promise<void> {
  const pool = createPool('ledger-whole check', { connectionString: databaseUrl, max: 2 });
  const store = new PostgresEventStore({ connectionString: databaseUrl, role: 'ledger_reader' });
  try {
    if (options.sequencerRuns) {
      const deadline = Date.now() + (options.waitMs ?? 30_000);
      let unsequenced: string[] = [];
      for (;;) {
        const { rows } = await pool.query<{ event_id: string; stream_id: string }>(
          `SELECT e.event_id::text, e.stream_id FROM ledger.events e
            WHERE NOT EXISTS (SELECT 1 FROM ledger_log.leaves l WHERE l.event_id = e.event_id)
            ORDER BY e.global_seq LIMIT 5`,
        );
        unsequenced = rows.map((row) => `${row.stream_id} ${row.event_id}`);
        if (unsequenced.length === 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (unsequenced.length > 0) {
        throw new Error(
          `events the sequencer never reached (a subscriber skipped them): ${unsequenced.join(', ')}`,
        );
      }
    }
    const result = await verifyLedger({ store, log: new LogStore(pool), verifiers: [verifier] });
    if (!result.valid) {
      throw new Error(
        `ledger verify would exit 2 on this file's ledger: ${result.firstFailure?.detail ?? '?'}`,
      );
    }
  } finally {
    await store.close();
    await pool.end();
  }
}
