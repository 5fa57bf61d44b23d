import {
  type EventStore,
  EventStoreUnavailableError,
  formatPosition,
  type GlobalPosition,
  type RecordedEvent,
  translatePostgresError,
} from '@change-ledger/event-store';
import { Logger } from '@nestjs/common';
import { type ClientBase, type Pool, type PoolClient } from 'pg';
import { liveTable, type Projection } from './projection';
import { type ParkedEvent, type ProjectionLag, ProjectionStatus } from './projection-status';

export type { ParkedEvent, ProjectionLag } from './projection-status';

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** Connections as ledger_projector. */
  pool: Pool;
  projections: readonly Projection[];
  batchSize?: number;
  pollIntervalMs?: number;
  clock?: () => Date;
}

/** First key of a projection's advisory lock: one runner per projection, however many replicas. */
const PROJECTION_LOCK_CLASS = 1820;

/**
 * Runs projections: for each, under a session advisory lock so that replicas stand by, it reads
 * the global order after its checkpoint a batch at a time and applies the batch and the new
 * checkpoint in one transaction. Killed at any instant, it resumes from the last committed
 * checkpoint: nothing is lost, nothing applied twice.
 */
export class ProjectionRunner {
  private readonly logger = new Logger(ProjectionRunner.name);
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  private readonly status: ProjectionStatus;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.status = new ProjectionStatus(options);
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
  }

  start(): void {
    for (const projection of this.options.projections) this.loops.push(this.run(projection));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.loops);
  }

  /** Applies everything up to the head once, for tests and one-off runs; the count applied. */
  async catchUp(projection: Projection): Promise<number> {
    let applied = 0;
    for (;;) {
      const count = await this.applyBatch(projection, liveTable);
      if (count === 0) return applied;
      applied += count;
    }
  }

  /**
   * Replays a projection from the first event into shadow tables and swaps them in, with the new
   * checkpoint, in one transaction: queries see the old model until the new one is complete.
   * Holds the projection's lock throughout, so no live runner writes meanwhile.
   */
  async rebuild(projection: Projection): Promise<number> {
    const lock = await this.options.pool.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1, hashtext($2))', [
        PROJECTION_LOCK_CLASS,
        projection.name,
      ]);
      const shadow = (name: string) => `read_models.${name}__rebuild`;
      for (const name of projection.tables) {
        await lock.query(`DROP TABLE IF EXISTS ${shadow(name)}`);
        await lock.query(`CREATE TABLE ${shadow(name)} (LIKE ${liveTable(name)} INCLUDING ALL)`);
      }
      let applied = 0;
      let after: GlobalPosition | undefined;
      let last: RecordedEvent | undefined;
      const parked = new Set<string>();
      for (;;) {
        const page = await this.options.store.readAll({
          after,
          maxCount: this.batchSize,
          filter: projection.filter,
        });
        if (page.length === 0) break;
        await transaction(lock, async (tx) => {
          for (const id of await this.applyOrPark(tx, projection, page, shadow)) parked.add(id);
        });
        applied += page.length;
        last = page[page.length - 1];
        after = last!.position;
      }
      await transaction(lock, async (tx) => {
        for (const name of projection.tables) {
          await tx.query(`DROP TABLE ${liveTable(name)}`);
          await tx.query(`ALTER TABLE ${shadow(name)} RENAME TO ${name}`);
        }
        await tx.query(
          `INSERT INTO read_models.checkpoints (projection, commit, prepare, events_applied, last_event_recorded_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (projection) DO UPDATE SET commit = $2, prepare = $3, events_applied = $4,
             last_event_recorded_at = $5, updated_at = now()`,
          [
            projection.name,
            (after?.commit ?? 0n).toString(),
            (after?.prepare ?? 0n).toString(),
            applied,
            last?.metadata.recordedAt ?? null,
          ],
        );
        // What was parked before and applied this time (a fixed projection) is resolved.
        await tx.query(
          `UPDATE read_models.parked_events
              SET status = 'applied', resolved_at = now(), resolved_by = 'rebuild', resolution = 'applied by a rebuild'
            WHERE projection = $1 AND status = 'parked' AND NOT (event_id = ANY($2::uuid[]))`,
          [projection.name, [...parked]],
        );
      });
      return applied;
    } finally {
      await lock
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [
          PROJECTION_LOCK_CLASS,
          projection.name,
        ])
        .catch(() => undefined);
      lock.release();
    }
  }

  /** How far each projection is behind, from its stored checkpoint (the same in every process). */
  lag(): Promise<ProjectionLag[]> {
    return this.status.lag();
  }

  /** Parked events, waiting first, then resolved ones. */
  parkedEvents(): Promise<ParkedEvent[]> {
    return this.status.parkedEvents();
  }

  /**
   * Leaves a parked event out of its projection for good, saying who decided and why; false when
   * no such event is waiting. (To apply it instead, fix the projection and rebuild.)
   */
  async skipParked(
    projection: string,
    eventId: string,
    decision: { by: string; reason: string },
  ): Promise<boolean> {
    const { rowCount } = await this.options.pool.query(
      `UPDATE read_models.parked_events
          SET status = 'skipped', resolved_at = now(), resolved_by = $3, resolution = $4
        WHERE projection = $1 AND event_id = $2::uuid AND status = 'parked'`,
      [projection, eventId, decision.by, decision.reason],
    );
    return rowCount === 1;
  }

  /**
   * Takes the projection's lock only while there is work and lets go once caught up: replicas
   * never apply the same projection at once, and a rebuild can take its turn between batches.
   */
  private async run(projection: Projection): Promise<void> {
    let failing = false;
    while (!this.stopped) {
      let lock: PoolClient | undefined;
      try {
        lock = await this.options.pool.connect();
        const { rows } = await lock.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
          [PROJECTION_LOCK_CLASS, projection.name],
        );
        if (rows[0]!.locked) {
          try {
            while (!this.stopped && (await this.applyBatch(projection, liveTable)) > 0);
          } finally {
            await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
              PROJECTION_LOCK_CLASS,
              projection.name,
            ]);
          }
        }
        lock.release();
        lock = undefined;
        if (failing) this.logger.log(`${projection.name}: applying again`);
        failing = false;
      } catch (error) {
        // A lost connection or an unavailable store: nothing was half-applied; try again shortly.
        // Said once per outage, not at every retry.
        if (!failing) {
          this.logger.warn(
            `${projection.name}: cannot apply now (${error instanceof Error ? error.message : String(error)}); retrying every ${this.pollIntervalMs} ms`,
          );
        }
        failing = true;
        lock?.release(true);
        lock = undefined;
      }
      await sleep(this.pollIntervalMs);
    }
  }

  /** One batch after the checkpoint, applied with the new checkpoint in one transaction. */
  private async applyBatch(
    projection: Projection,
    table: (name: string) => string,
  ): Promise<number> {
    const client = await this.options.pool.connect();
    try {
      const from = await this.checkpoint(client, projection.name);
      const page = await this.options.store.readAll({
        after: from,
        maxCount: this.batchSize,
        filter: projection.filter,
      });
      if (page.length === 0) return 0;
      const last = page[page.length - 1]!;
      await transaction(client, async (tx) => {
        // Moves only from where this batch started: if anything else moved it, nothing commits.
        const moved = await tx.query(
          `UPDATE read_models.checkpoints
              SET commit = $2, prepare = $3, events_applied = events_applied + $4, last_event_recorded_at = $5, updated_at = now()
            WHERE projection = $1 AND commit = $6 AND prepare = $7`,
          [
            projection.name,
            last.position.commit.toString(),
            last.position.prepare.toString(),
            page.length,
            last.metadata.recordedAt,
            (from?.commit ?? 0n).toString(),
            (from?.prepare ?? 0n).toString(),
          ],
        );
        if (moved.rowCount !== 1)
          throw new Error(`checkpoint of ${projection.name} moved under this batch`);
        await this.applyOrPark(tx, projection, page, table);
      });
      return page.length;
    } finally {
      client.release();
    }
  }

  /**
   * Applies a batch; should it fail for anything but an unreachable database, applies its events
   * one at a time and parks those that fail (with the error, logged once), so that one event can
   * never stop a projection. Returns the ids parked.
   */
  private async applyOrPark(
    tx: ClientBase,
    projection: Projection,
    page: readonly RecordedEvent[],
    table: (name: string) => string,
  ): Promise<string[]> {
    if ((await attempt(tx, () => projection.apply(tx, page, table))).ok) return [];
    const parked: string[] = [];
    for (const event of page) {
      const outcome = await attempt(tx, () => projection.apply(tx, [event], table));
      if (outcome.ok) continue;
      parked.push(event.id);
      const error = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      this.logger.error(
        `${projection.name}: parked ${event.type} ${event.id} (${event.streamId}@${event.revision}, position ${formatPosition(event.position)}): ${error}`,
      );
      await tx.query(
        `INSERT INTO read_models.parked_events (projection, event_id, stream_id, event_type, commit, prepare, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (projection, event_id) DO UPDATE
           SET error = EXCLUDED.error, attempts = parked_events.attempts + 1, status = 'parked',
               resolved_at = NULL, resolved_by = NULL, resolution = NULL`,
        [
          projection.name,
          event.id,
          event.streamId,
          event.type,
          event.position.commit.toString(),
          event.position.prepare.toString(),
          error,
        ],
      );
    }
    return parked;
  }

  private async checkpoint(
    client: ClientBase | Pool,
    projection: string,
  ): Promise<GlobalPosition | undefined> {
    await client.query(
      'INSERT INTO read_models.checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING',
      [projection],
    );
    const { rows } = await client.query<{ commit: string; prepare: string }>(
      'SELECT commit, prepare FROM read_models.checkpoints WHERE projection = $1',
      [projection],
    );
    const row = rows[0]!;
    return row.commit === '0' && row.prepare === '0'
      ? undefined
      : { commit: BigInt(row.commit), prepare: BigInt(row.prepare) };
  }
}

async function transaction(
  client: ClientBase,
  work: (tx: ClientBase) => Promise<void>,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
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
    await tx.query('ROLLBACK TO SAVEPOINT apply');
    return { ok: false, error };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
