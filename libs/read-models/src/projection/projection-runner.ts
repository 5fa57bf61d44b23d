import {
  type EventStore,
  formatPosition,
  type GlobalPosition,
  type RecordedEvent,
} from '@change-ledger/event-store';
import { type ClientBase, type Pool, type PoolClient } from 'pg';
import { liveTable, type Projection } from './projection';

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** Connections as ledger_projector. */
  pool: Pool;
  projections: readonly Projection[];
  batchSize?: number;
  pollIntervalMs?: number;
  clock?: () => Date;
}

export interface ProjectionLag {
  projection: string;
  checkpoint: string;
  eventsBehind: number;
  /** Seconds between the newest event it has not applied and now (0 when caught up). */
  secondsBehind: number;
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
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    // The runner holds connections between queries (its lock); if one dies there, its next query
    // reports it and the loop retries. Unlistened, the error would crash the process.
    options.pool.on('connect', (client) => client.on('error', () => undefined));
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
      for (;;) {
        const page = await this.options.store.readAll({
          after,
          maxCount: this.batchSize,
          filter: projection.filter,
        });
        if (page.length === 0) break;
        await transaction(lock, async (tx) => {
          await projection.apply(tx, page, shadow);
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

  async lag(): Promise<ProjectionLag[]> {
    const now = (this.options.clock ?? (() => new Date()))();
    return Promise.all(
      this.options.projections.map(async (projection) => {
        const checkpoint = await this.checkpoint(this.options.pool, projection.name);
        const pending = await this.options.store.readAll({
          after: checkpoint,
          maxCount: 10_000,
          filter: projection.filter,
        });
        const oldest = pending[0];
        return {
          projection: projection.name,
          checkpoint: formatPosition(checkpoint ?? { commit: 0n, prepare: 0n }),
          eventsBehind: pending.length,
          secondsBehind: oldest
            ? Math.max(0, (now.getTime() - Date.parse(oldest.metadata.recordedAt)) / 1000)
            : 0,
        };
      }),
    );
  }

  /**
   * Takes the projection's lock only while there is work and lets go once caught up: replicas
   * never apply the same projection at once, and a rebuild can take its turn between batches.
   */
  private async run(projection: Projection): Promise<void> {
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
      } catch {
        // A lost connection or an unavailable store: nothing was half-applied; try again shortly.
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
        await projection.apply(tx, page, table);
      });
      return page.length;
    } finally {
      client.release();
    }
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
