import { createPool, PostgresEventStore } from '@change-ledger/event-store';
import {
  Checkpointer,
  CheckpointPublisher,
  directoryTarget,
  parseSignerKey,
  Sequencer,
} from '@change-ledger/integrity';

/**
 * What the projector's log loop does, once, for a test whose API runs no projector: every stored
 * event becomes a leaf, then one checkpoint is signed (published to `publishTo`, a witness
 * directory, if given).
 */
export async function sequenceAndSign(url: string, signingKey: string, publishTo?: string) {
  const store = new PostgresEventStore({ connectionString: url, role: 'ledger_reader' });
  const pool = createPool('sequence-and-sign (test)', {
    connectionString: url,
    options: '-c role=ledger_sequencer',
  });
  try {
    await new Sequencer({ store, pool }).catchUp();
    const publisher = new CheckpointPublisher(publishTo ? [directoryTarget(publishTo)] : []);
    await new Checkpointer({
      pool,
      signer: parseSignerKey(signingKey),
      publisher,
      intervalMs: 0,
    }).checkpoint();
    await publisher.settled();
    await publisher.stop();
  } finally {
    await store.close();
    await pool.end();
  }
}
