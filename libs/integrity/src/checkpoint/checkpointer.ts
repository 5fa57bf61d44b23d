import { Logger } from '@nestjs/common';
import { type Pool } from 'pg';
import { IntegrityError } from '../integrity.errors';
import { assertSignedBy } from '../log/log-signing-key';
import { LogStore, type StoredCheckpoint } from '../log/log-store';
import { describe } from '../log/sequencer';
import { verifyConsistency } from '../merkle/proofs';
import { formatCheckpoint } from '../note/checkpoint';
import { type NoteSigner, signNote, verifierKey } from '../note/signed-note';
import { type CheckpointPublisher } from './publication';

export interface CheckpointerOptions {
  /** Connections as ledger_sequencer. */
  pool: Pool;
  signer: NoteSigner;
  /** The checkpoint's first line; the signing key's name by default. */
  origin?: string;
  publisher: CheckpointPublisher;
  /** How often to look for new leaves; 0: only on demand. */
  intervalMs: number;
}

const CHECKPOINT_LOCK = [1821, 1];

/**
 * Signs the tree head as a C2SP checkpoint whenever the tree has grown (at the cadence, or on
 * demand), stores it and hands it to the publisher. It signs only a tree that extends the last
 * checkpoint: the consistency proof from it is checked first, so a rewritten log table is
 * refused, never signed; and only with the key the last checkpoint was signed with.
 */
export class Checkpointer {
  private readonly logger = new Logger(Checkpointer.name);
  private readonly log: LogStore;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<StoredCheckpoint | undefined> | undefined;
  /** Why the last checkpoint at the cadence was not signed, until one is (readiness). */
  private failure: string | undefined;
  readonly origin: string;
  readonly verifierKey: string;

  constructor(private readonly options: CheckpointerOptions) {
    this.log = new LogStore(options.pool);
    this.origin = options.origin ?? options.signer.name;
    this.verifierKey = verifierKey(options.signer);
  }

  start(): void {
    // The latest checkpoint again: a publication cut short by a restart gets out now.
    void this.log
      .latestCheckpoint()
      .then((latest) => latest && this.options.publisher.publish(latest))
      .catch((error: unknown) => this.logger.warn(`republishing: ${describe(error)}`));
    if (this.options.intervalMs > 0)
      this.timer = setInterval(() => {
        this.checkpoint().then(
          () => {
            if (this.failure !== undefined) this.logger.log('signing checkpoints again');
            this.failure = undefined;
          },
          (error: unknown) => {
            // Tried again at the next tick; said once while it keeps failing (an outage).
            if (this.failure === undefined)
              this.logger.error(`checkpoint not signed, retrying: ${describe(error)}`);
            this.failure = describe(error);
          },
        );
      }, this.options.intervalMs);
  }

  /** Whether checkpoints are signed at the cadence; not while the last try failed. */
  health(): { ok: true } | { ok: false; reason: string } {
    return this.failure === undefined
      ? { ok: true }
      : { ok: false, reason: `retrying: ${this.failure}` };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Signs a checkpoint if the tree grew since the last; returns the latest checkpoint. */
  checkpoint(): Promise<StoredCheckpoint | undefined> {
    // One at a time in this process; the advisory lock keeps other processes out.
    const run = (this.running ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .then(() => this.signIfGrown());
    this.running = run;
    return run;
  }

  private async signIfGrown(): Promise<StoredCheckpoint | undefined> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', CHECKPOINT_LOCK);
      const previous = await this.log.latestCheckpoint(client);
      const size = await this.log.size(client);
      if (previous && size <= previous.size) {
        await client.query('ROLLBACK');
        return previous;
      }
      if (!previous && size === 0) {
        await client.query('ROLLBACK');
        return undefined;
      }
      // The start-up check, again under the lock: two processes that started on a fresh log with
      // different keys must not both sign; the first checkpoint's key is the log's.
      if (previous) assertSignedBy(previous, this.options.signer, { refusing: 'Refusing to sign' });
      const root = await this.log.root(size);
      if (previous) await this.assertExtends(previous, size, root);
      // The database's clock, the one appends are recorded by: what retention measures periods
      // with ("sequenced time": when a checkpoint first covered an event). Whole seconds, so a
      // time is never later than the stored signed_at.
      const { rows } = await client.query<{ now: Date }>(
        `SELECT date_trunc('second', ledger_log.clock()) AS now`,
      );
      const note = signNote(
        formatCheckpoint({ origin: this.origin, size, root, time: rows[0]!.now }),
        this.options.signer,
      );
      const stored = { size, root, origin: this.origin, note, verifierKey: this.verifierKey };
      const signedAt = await this.log.insertCheckpoint(client, stored);
      await client.query('COMMIT');
      this.options.publisher.publish(stored);
      this.logger.log(`checkpoint signed: ${size} leaves`);
      return { ...stored, signedAt };
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: unknown) => {
        this.logger.warn(`rollback failed: ${describe(rollback)}`);
      });
      throw error;
    } finally {
      client.release();
    }
  }

  private async assertExtends(previous: StoredCheckpoint, size: number, root: Buffer) {
    const proof = await this.log.consistencyProof(previous.size, size);
    const oldRoot = await this.log.root(previous.size);
    if (
      !oldRoot.equals(previous.root) ||
      !verifyConsistency(previous.size, size, previous.root, root, proof)
    )
      throw new IntegrityError(
        'INTEGRITY.INCONSISTENT_TREE',
        'conflict',
        `The tree of ${size} leaves does not extend checkpoint ${previous.size}: refusing to sign`,
        { previousSize: previous.size, size },
      );
  }
}
