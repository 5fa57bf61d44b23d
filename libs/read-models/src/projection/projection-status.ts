import { type EventStore, formatPosition, type GlobalPosition } from '@change-ledger/event-store';
import { type Pool } from 'pg';
import { type Projection } from './projection';

export interface ProjectionLag {
  projection: string;
  checkpoint: string;
  eventsBehind: number;
  /** Seconds between the newest event it has not applied and now (0 when caught up). */
  secondsBehind: number;
  /** Events it could not apply and set aside (`ledger projections`). */
  parked: number;
  /** Events it has applied (counted again from zero by a rebuild). */
  eventsApplied: number;
}

/**
 * What the status needs of a projection: its name (its checkpoint's) and which events it follows.
 * Also the notifier's planner, which libs/notifications runs on the same runner.
 */
export type ListedProjection = Pick<Projection, 'name' | 'filter'>;

/** An event a projection could not apply, set aside so that the projection goes on. */
export interface ParkedEvent {
  projection: string;
  eventId: string;
  streamId: string;
  eventType: string;
  position: string;
  error: string;
  parkedAt: string;
  attempts: number;
  status: 'parked' | 'applied' | 'skipped';
}

/**
 * What the projections' stored checkpoints say: lag and parked events. Needs only read access
 * (ledger_reader), so every process answers it, whether or not it runs the projector.
 */
export class ProjectionStatus {
  constructor(
    private readonly options: {
      store: EventStore;
      pool: Pool;
      projections: readonly ListedProjection[];
      clock?: () => Date;
    },
  ) {}

  async lag(): Promise<ProjectionLag[]> {
    const now = (this.options.clock ?? (() => new Date()))();
    return Promise.all(
      this.options.projections.map(async (projection) => {
        const { checkpoint, eventsApplied } = await this.stored(projection.name);
        const pending = await this.options.store.readAll({
          after: checkpoint,
          maxCount: 10_000,
          filter: projection.filter,
        });
        const oldest = pending[0];
        const { rows } = await this.options.pool.query<{ parked: string }>(
          `SELECT count(*) AS parked FROM read_models.parked_events WHERE projection = $1 AND status = 'parked'`,
          [projection.name],
        );
        return {
          projection: projection.name,
          checkpoint: formatPosition(checkpoint ?? { commit: 0n, prepare: 0n }),
          eventsBehind: pending.length,
          secondsBehind: oldest
            ? Math.max(0, (now.getTime() - Date.parse(oldest.metadata.recordedAt)) / 1000)
            : 0,
          parked: Number(rows[0]!.parked),
          eventsApplied,
        };
      }),
    );
  }

  /** Parked events, waiting first, then resolved ones. */
  async parkedEvents(): Promise<ParkedEvent[]> {
    const { rows } = await this.options.pool.query<Record<string, unknown>>(
      `SELECT projection, event_id::text, stream_id, event_type, commit, prepare, error, parked_at,
              attempts, status
         FROM read_models.parked_events
        ORDER BY status <> 'parked', parked_at`,
    );
    return rows.map((row) => ({
      projection: String(row.projection),
      eventId: String(row.event_id),
      streamId: String(row.stream_id),
      eventType: String(row.event_type),
      position: `${String(row.commit)}/${String(row.prepare)}`,
      error: String(row.error),
      parkedAt: (row.parked_at as Date).toISOString(),
      attempts: Number(row.attempts),
      status: row.status as ParkedEvent['status'],
    }));
  }

  /** The stored checkpoint, read only: a projection that never ran is behind everything. */
  private async stored(
    projection: string,
  ): Promise<{ checkpoint: GlobalPosition | undefined; eventsApplied: number }> {
    const { rows } = await this.options.pool.query<{
      commit: string;
      prepare: string;
      events_applied: string;
    }>(
      'SELECT commit, prepare, events_applied FROM read_models.checkpoints WHERE projection = $1',
      [projection],
    );
    const row = rows[0];
    if (!row || (row.commit === '0' && row.prepare === '0'))
      return { checkpoint: undefined, eventsApplied: Number(row?.events_applied ?? 0) };
    return {
      checkpoint: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
      eventsApplied: Number(row.events_applied),
    };
  }
}
