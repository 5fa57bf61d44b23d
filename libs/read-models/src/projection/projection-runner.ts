import { setTimeout as sleep } from 'node:timers/promises';
import {
  type EventStore,
  type EventSubscription,
  type GlobalPosition,
  type RecordedEvent,
  retryDelayMs,
} from '@change-ledger/event-store';
import { Logger } from '@nestjs/common';
import { type ClientBase, type Pool, type PoolClient } from 'pg';
import { applyOrPark, transaction } from './apply-or-park';
import { EventBatches } from './event-batches';
import { liveTable, type Projection } from './projection';
import { ProjectionLock } from './projection-lock';
import { type ParkedEvent, type ProjectionLag, ProjectionStatus } from './projection-status';
import { ShadowTables } from './shadow-tables';

export type { ParkedEvent, ProjectionLag } from './projection-status';

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** Connections as ledger_projector: one held per projection this process runs, plus a few. */
  pool: Pool;
  projections: readonly Projection[];
  /** Most events applied in one transaction by the live runner, and per page of `catchUp`. */
  batchSize?: number;
  /** Events a rebuild reads per page and applies per transaction. */
  rebuildPageSize?: number;
  /**
   * How long a standby waits before trying for a projection's lock again, and a failed runner
   * before its first retry (then twice as long each time, up to 5 s).
   */
  pollIntervalMs?: number;
  /** At the head, how often the runner checks that its lock's connection is alive and that no rebuild waits. */
  lockCheckMs?: number;
  /** At the head, how long a first event waits for others to share its transaction. */
  lingerMs?: number;
  clock?: () => Date;
}

interface Replayed {
  applied: number;
  last: RecordedEvent | undefined;
  parked: string[];
}

/**
 * Runs projections. Live, each projection follows the store's catch-up subscription from its
 * checkpoint, under its advisory lock (ProjectionLock): one replica applies it, the others stand
 * by and take over when the holder stops, dies or loses its connection. Events come in batches,
 * each applied with the new checkpoint in one transaction on the lock's own connection, so a
 * crash at any instant resumes from the last committed batch: nothing lost, nothing applied twice.
 * Bounded replays (`catchUp`, `rebuild`) page `readAll` instead, because they must know where the
 * head is to finish; they take the same lock, which a live runner hands over between batches.
 */
export class ProjectionRunner {
  private readonly logger = new Logger(ProjectionRunner.name);
  private stopped = false;
  /** Cuts a wait between two tries short when the runner stops. */
  private readonly stopping = new AbortController();
  /** Projections whose live loop cannot apply now, with why: readiness reports them. */
  private readonly failing = new Map<string, string>();
  private readonly loops: Promise<void>[] = [];
  private readonly following = new Set<EventSubscription>();
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly status: ProjectionStatus;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.status = new ProjectionStatus(options);
    this.batchSize = options.batchSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
  }

  start(): void {
    for (const projection of this.options.projections) this.loops.push(this.run(projection));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await Promise.allSettled([...this.following].map((subscription) => subscription.stop()));
    await Promise.allSettled(this.loops);
  }

  /**
   * Applies everything up to the head once (tests, benchmarks, one-off runs) under the
   * projection's lock, waiting for it if a live runner holds it; the count applied.
   */
  async catchUp(projection: Projection): Promise<number> {
    return this.holding(projection, async (client) => {
      let from = await this.checkpoint(client, projection.name);
      let applied = 0;
      for (;;) {
        const page = await this.options.store.readAll({
          after: from,
          maxCount: this.batchSize,
          filter: projection.filter,
        });
        if (page.length === 0) return applied;
        from = await this.commit(client, projection, from, page);
        applied += page.length;
      }
    });
  }

  /**
   * Replays a projection from the first event into shadow tables and swaps them in, with the new
   * checkpoint, in one transaction: queries see the old model until the new one is complete.
   * Holds the projection's lock throughout (a live runner hands it over and resumes from the new
   * checkpoint after the swap). Pages are read up to two ahead of the one being applied, so
   * reading and writing overlap, and the shadows' secondary indexes are built once the load is done.
   */
  async rebuild(projection: Projection): Promise<number> {
    return this.holding(projection, async (client) => {
      const shadow = new ShadowTables(projection.tables);
      await shadow.create(client);
      const { applied, last, parked } = await this.replay(client, projection, shadow.table);
      await shadow.buildIndexes(client, this.options.pool);
      await transaction(client, async (tx) => {
        await shadow.swap(tx);
        await tx.query(
          `INSERT INTO read_models.checkpoints (projection, commit, prepare, events_applied, last_event_recorded_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (projection) DO UPDATE SET commit = $2, prepare = $3, events_applied = $4,
             last_event_recorded_at = $5, updated_at = now()`,
          [
            projection.name,
            (last?.position.commit ?? 0n).toString(),
            (last?.position.prepare ?? 0n).toString(),
            applied,
            last?.metadata.recordedAt ?? null,
          ],
        );
        // What was parked before and applied this time (a fixed projection) is resolved.
        await tx.query(
          `UPDATE read_models.parked_events
              SET status = 'applied', resolved_at = now(), resolved_by = 'rebuild', resolution = 'applied by a rebuild'
            WHERE projection = $1 AND status = 'parked' AND NOT (event_id = ANY($2::uuid[]))`,
          [projection.name, parked],
        );
      });
      return applied;
    });
  }

  /**
   * Whether every live loop of this runner works (applying, or standing by for a lock another
   * replica holds); not while one cannot reach its database and retries (readiness).
   */
  health(): { ok: true } | { ok: false; reason: string } {
    if (this.failing.size === 0) return { ok: true };
    const failing = [...this.failing].map(([name, reason]) => `${name} (${reason})`);
    return { ok: false, reason: `retrying ${failing.join(', ')}` };
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
   * The live loop of one projection: try for its lock; when held, follow the subscription until
   * stopped, failed, or asked for the lock by a rebuild; when not, stand by and try again.
   */
  private async run(projection: Projection): Promise<void> {
    const lock = new ProjectionLock(projection.name);
    let failures = 0;
    while (!this.stopped) {
      let client: PoolClient | undefined;
      let broken = false;
      try {
        client = await this.options.pool.connect();
        const holding = await lock.tryTake(client);
        // The database answered: whatever comes next, this loop is no longer cut off from it.
        if (failures > 0) this.logger.log(`${projection.name}: reconnected, applying again`);
        failures = 0;
        this.failing.delete(projection.name);
        if (holding) {
          try {
            await this.follow(projection, client, lock);
          } finally {
            await lock.release(client);
          }
        }
      } catch (error) {
        // A lost connection or an unavailable store: the open batch rolled back, the lock went
        // with the session. Resume from the checkpoint, here or in a standby. Said once per outage.
        if (failures === 0 && !this.stopped) {
          this.logger.warn(
            `${projection.name}: cannot apply now (${describe(error)}); retrying until it can`,
          );
        }
        failures++;
        this.failing.set(projection.name, describe(error));
        broken = true;
      } finally {
        // A connection in doubt is closed rather than pooled: closing it also frees the lock.
        client?.release(broken || undefined);
      }
      if (!this.stopped) await this.pause(failures);
    }
    this.failing.delete(projection.name);
  }

  /** Between two tries: the poll interval, or a growing backoff while the database is away. */
  private async pause(failures: number): Promise<void> {
    const ms = failures > 0 ? retryDelayMs(failures, this.pollIntervalMs) : this.pollIntervalMs;
    // Rejects when the runner stops, which is the point: nothing to say.
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  /** Applies the subscription's batches on the lock's connection while the lock is this runner's. */
  private async follow(projection: Projection, client: PoolClient, lock: ProjectionLock) {
    let position = await this.checkpoint(client, projection.name);
    const subscription = this.options.store.subscribeToAll({
      after: position,
      filter: projection.filter,
    });
    this.following.add(subscription);
    // A dropped connection is noticed at once, not at the next batch: the standby may take over.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
      void subscription.stop();
    };
    client.on('error', onError);
    try {
      if (this.stopped) await subscription.stop();
      const batches = new EventBatches(subscription, {
        maxEvents: this.batchSize,
        lingerMs: this.options.lingerMs ?? 20,
        quietMs: this.options.lockCheckMs ?? 1000,
      });
      let checked = Date.now();
      for (;;) {
        const next = await batches.next();
        if (lost) throw lost;
        if (next.kind === 'ended') return;
        if (next.kind === 'events')
          position = await this.commit(client, projection, position, next.events);
        // Between batches (at most every lockCheckMs while busy): hand over to a waiting rebuild.
        if (next.kind === 'quiet' || Date.now() - checked >= (this.options.lockCheckMs ?? 1000)) {
          checked = Date.now();
          if (await lock.isWanted(client)) {
            this.logger.log(`${projection.name}: handing over to a rebuild`);
            return;
          }
        }
      }
    } finally {
      client.off('error', onError);
      this.following.delete(subscription);
      await subscription.stop();
    }
  }

  /**
   * One batch applied with its checkpoint in one transaction; the new checkpoint. The checkpoint
   * moves only from where the batch started: if anything else moved it, nothing commits.
   */
  private async commit(
    client: ClientBase,
    projection: Projection,
    from: GlobalPosition | undefined,
    events: readonly RecordedEvent[],
  ): Promise<GlobalPosition> {
    const last = events[events.length - 1]!;
    await transaction(client, async (tx) => {
      const moved = await tx.query(
        `UPDATE read_models.checkpoints
            SET commit = $2, prepare = $3, events_applied = events_applied + $4, last_event_recorded_at = $5, updated_at = now()
          WHERE projection = $1 AND commit = $6 AND prepare = $7`,
        [
          projection.name,
          last.position.commit.toString(),
          last.position.prepare.toString(),
          events.length,
          last.metadata.recordedAt,
          (from?.commit ?? 0n).toString(),
          (from?.prepare ?? 0n).toString(),
        ],
      );
      if (moved.rowCount !== 1)
        throw new Error(`checkpoint of ${projection.name} moved under this batch`);
      await applyOrPark(tx, projection, events, liveTable, this.logger);
    });
    return last.position;
  }

  /**
   * Every event of the projection into `table`, reading up to READ_AHEAD pages ahead of the page
   * applied: a page is asked for as soon as the one before it arrives, not when it is applied, so
   * the store reads (and node parses) while the writer waits on PostgreSQL, and the reverse.
   */
  private async replay(
    client: ClientBase,
    projection: Projection,
    table: (name: string) => string,
  ): Promise<Replayed> {
    const pages: Promise<readonly RecordedEvent[]>[] = [];
    let after: GlobalPosition | undefined;
    let reading = false;
    let ended = false;
    const readAhead = () => {
      if (reading || ended || pages.length >= READ_AHEAD) return;
      reading = true;
      const page = this.options.store.readAll({
        after,
        maxCount: this.options.rebuildPageSize ?? 5000,
        filter: projection.filter,
      });
      pages.push(page);
      page.then(
        (events) => {
          reading = false;
          if (events.length === 0) ended = true;
          else after = events[events.length - 1]!.position;
          readAhead();
        },
        () => {
          reading = false;
          ended = true; // awaited below, where the failure is thrown
        },
      );
    };
    const replayed: Replayed = { applied: 0, last: undefined, parked: [] };
    readAhead();
    for (;;) {
      const page = await pages.shift()!;
      readAhead();
      if (page.length === 0) return replayed;
      replayed.last = page[page.length - 1]!;
      await transaction(client, async (tx) => {
        // Shadow tables nobody reads yet: a crash loses the rebuild, not what it rebuilt from,
        // so these commits need not wait for the WAL flush. The swap's commit does.
        await tx.query('SET LOCAL synchronous_commit = off');
        replayed.parked.push(...(await applyOrPark(tx, projection, page, table, this.logger)));
      });
      replayed.applied += page.length;
    }
  }

  /** `work` on a connection holding the projection's lock (waited for); released after. */
  private async holding<T>(
    projection: Projection,
    work: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    const lock = new ProjectionLock(projection.name);
    const client = await this.options.pool.connect();
    let broken = false;
    // A connection that drops while idle between statements would otherwise crash the process;
    // the next statement fails instead, and the connection is not pooled again.
    const onError = (error: Error) => {
      broken = true;
      this.logger.warn(`${projection.name}: lost the lock's connection (${error.message})`);
    };
    client.on('error', onError);
    try {
      if (!(await lock.tryTake(client))) {
        // Said, because an operator's `ledger rebuild` would otherwise sit silent meanwhile.
        this.logger.log(`${projection.name}: waiting for its lock (a live runner hands it over)`);
        await lock.take(client);
      }
      try {
        return await work(client);
      } finally {
        await lock.release(client).catch((error: unknown) => {
          // The session ended with its connection, and the lock with it.
          this.logger.warn(`${projection.name}: could not unlock (${describe(error)})`);
          broken = true;
        });
      }
    } catch (error) {
      broken = true;
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken || undefined);
    }
  }

  private async checkpoint(
    client: ClientBase,
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

/** Pages a rebuild reads ahead of the one it applies (each up to `rebuildPageSize` events). */
const READ_AHEAD = 2;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
