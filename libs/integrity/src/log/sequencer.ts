import { setTimeout as delay } from 'node:timers/promises';
import { type EventStore, type RecordedEvent, retryDelayMs } from '@change-ledger/event-store';
import { Logger } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { IntegrityError } from '../integrity.errors';
import { type CompactRange } from '../merkle/compact-range';
import { eventLeafHash } from '../merkle/merkle-hash';
import { type NodeId } from '../merkle/tree-math';
import { type LeafRow, LogStore } from './log-store';

export interface SequencerOptions {
  store: EventStore;
  /** Connections as ledger_sequencer (INSERT/SELECT on ledger_log only). */
  pool: Pool;
  batchSize?: number;
  /** How long a partial batch waits for more events before it is written anyway. */
  lingerMs?: number;
  /** First wait before resuming after a failure (then twice as long each time, up to 5 s). */
  retryMs?: number;
}

/** First key of the sequencer's advisory lock: one sequencer at a time, replicas stand by. */
const SEQUENCER_LOCK = [1821, 0];

/**
 * Makes every event a leaf. It follows the store's catch-up subscription (through the port, so
 * over either adapter) from the position of the last leaf and writes each batch of leaves with
 * the subtree hashes they complete in one transaction; the last leaf's position is its
 * checkpoint, so a crash at any instant resumes with no gap and no leaf written twice (the leaf
 * index is the primary key, the event id unique, and the next index is checked under the lock).
 */
export class Sequencer {
  private readonly logger = new Logger(Sequencer.name);
  private readonly log: LogStore;
  private stopped = false;
  /** Cuts a wait before a retry short when the sequencer stops. */
  private readonly stopping = new AbortController();
  /** Why the live loop cannot sequence now, while it retries (readiness). */
  private failure: string | undefined;
  private loop: Promise<void> | undefined;
  private stopCurrent: (() => Promise<void>) | undefined;

  constructor(private readonly options: SequencerOptions) {
    this.log = new LogStore(options.pool);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await this.stopCurrent?.();
    await this.loop;
  }

  /** Whether the live loop works (sequencing, or standing by); not while it retries. */
  health(): { ok: true } | { ok: false; reason: string } {
    return this.failure === undefined
      ? { ok: true }
      : { ok: false, reason: `retrying: ${this.failure}` };
  }

  /** Sequences everything up to the head once (tests, benchmarks, one-off runs); the count. */
  async catchUp(pageSize = 1000): Promise<number> {
    const lock = await this.lock();
    if (!lock) throw conflict('another sequencer is running');
    try {
      let { position, range } = await this.log.head(lock);
      let total = 0;
      for (;;) {
        const page = await this.options.store.readAll({ after: position, maxCount: pageSize });
        if (page.length === 0) return total;
        range = await this.write(lock, range, page);
        position = page[page.length - 1]!.position;
        total += page.length;
      }
    } finally {
      await this.unlock(lock);
    }
  }

  private async run(): Promise<void> {
    const retryMs = this.options.retryMs ?? 1000;
    let failures = 0;
    while (!this.stopped) {
      let lock: PoolClient | undefined;
      try {
        lock = await this.lock();
        // The database answered (the lock is ours, or a standby's wait begins): resumed.
        if (failures > 0) this.logger.log('sequencing again');
        failures = 0;
        this.failure = undefined;
        if (lock) await this.follow(lock);
      } catch (error) {
        // Nothing half-written: the transaction rolled back. Resume from the stored leaves, with
        // a growing wait while the database is away. Said once per outage.
        if (failures === 0 && !this.stopped)
          this.logger.warn(`sequencing paused, will resume: ${describe(error)}`);
        failures++;
        this.failure = describe(error);
      } finally {
        if (lock) await this.unlock(lock);
      }
      if (this.stopped) break;
      const wait = failures > 0 ? retryDelayMs(failures, retryMs) : retryMs;
      // Rejects when the sequencer stops, which is the point: nothing to say.
      await delay(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
    this.failure = undefined;
  }

  private async follow(lock: PoolClient): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const lingerMs = this.options.lingerMs ?? 20;
    const head = await this.log.head(lock);
    let range = head.range;
    const subscription = this.options.store.subscribeToAll({ after: head.position });
    this.stopCurrent = () => subscription.stop();
    if (this.stopped) await subscription.stop();
    const events = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    let batch: RecordedEvent[] = [];
    try {
      while (!this.stopped) {
        pending ??= events.next();
        const next =
          batch.length === 0 ? await pending : await Promise.race([pending, sleep(lingerMs)]);
        if (next === undefined) {
          // Nothing more right now: write what has come (`pending` stays for the next round).
          range = await this.write(lock, range, batch);
          batch = [];
          continue;
        }
        pending = undefined;
        if (next.done) break;
        batch.push(next.value);
        if (batch.length >= batchSize) {
          range = await this.write(lock, range, batch);
          batch = [];
        }
      }
      if (batch.length > 0) range = await this.write(lock, range, batch);
    } finally {
      this.stopCurrent = undefined;
      await subscription.stop();
    }
  }

  /** Writes a batch as the next leaves, with the nodes they complete; returns the new edge. */
  private async write(
    client: PoolClient,
    range: CompactRange,
    events: readonly RecordedEvent[],
  ): Promise<CompactRange> {
    const next = range.clone();
    const leaves: LeafRow[] = [];
    const nodes: { node: NodeId; hash: Buffer }[] = [];
    for (const event of events) {
      leaves.push({
        leafIndex: next.size,
        eventId: event.id,
        streamId: event.streamId,
        revision: event.revision,
        eventHash: event.integrity.hash,
        position: event.position,
      });
      nodes.push(...next.append(eventLeafHash(event.integrity.hash)));
    }
    await client.query('BEGIN');
    try {
      const size = await this.log.size(client);
      if (size !== range.size)
        throw conflict(`the log has ${size} leaves, this sequencer expected ${range.size}`);
      await this.log.append(client, leaves, nodes);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: unknown) => {
        this.logger.warn(`rollback failed: ${describe(rollback)}`);
      });
      throw error;
    }
    return next;
  }

  private async lock(): Promise<PoolClient | undefined> {
    const client = await this.options.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        SEQUENCER_LOCK,
      );
      if (rows[0]!.locked) return client;
      client.release();
      return undefined;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  private async unlock(client: PoolClient): Promise<void> {
    try {
      await client.query('SELECT pg_advisory_unlock($1, $2)', SEQUENCER_LOCK);
      client.release();
    } catch (error) {
      // The session ended with the connection, and its lock with it.
      this.logger.warn(`could not unlock: ${describe(error)}`);
      client.release(true);
    }
  }
}

function conflict(reason: string): IntegrityError {
  return new IntegrityError('INTEGRITY.SEQUENCING_CONFLICT', 'conflict', `Sequencing: ${reason}`);
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
