import { type Pool } from 'pg';

/** A change with a scheduled window, as the calendar shows it. */
export interface ScheduledChange {
  change_request_id: string;
  title: string;
  status: string;
  category: string;
  priority: string;
  emergency: boolean;
  requester: string;
  affected_systems: string[];
  start: string;
  end: string;
}

/**
 * Two changes scheduled on one affected system at overlapping times. Reported on both and on the
 * calendar, never refused: people decide whether they may run together.
 */
export interface ScheduleConflict {
  change_request_ids: [string, string];
  systems: string[];
  start: string;
  end: string;
}

/** A window that is no longer going to happen: it occupies nothing. */
const NOT_HAPPENING = ['cancelled', 'rejected'];

/**
 * The change calendar's queries over read_models.change_requests (its scheduled_for /
 * scheduled_until columns, filled from ChangeScheduled by the change-requests projection).
 */
export class ChangeCalendarQueries {
  constructor(private readonly pool: Pool) {}

  /** Changes whose scheduled window overlaps [from, to), by start. */
  async scheduledBetween(from: Date, to: Date): Promise<ScheduledChange[]> {
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT change_request_id, title, status, category, priority, emergency, requester,
              affected_systems, scheduled_for, scheduled_until
         FROM read_models.change_requests
        WHERE scheduled_for IS NOT NULL
          AND tstzrange(scheduled_for, scheduled_until) && tstzrange($1, $2)
          AND NOT (status = ANY($3))
        ORDER BY scheduled_for, change_request_id`,
      [from, to, NOT_HAPPENING],
    );
    return rows.map((row) => ({
      change_request_id: String(row.change_request_id),
      title: String(row.title),
      status: String(row.status),
      category: String(row.category),
      priority: String(row.priority),
      emergency: Boolean(row.emergency),
      requester: String(row.requester),
      affected_systems: row.affected_systems as string[],
      start: (row.scheduled_for as Date).toISOString(),
      end: (row.scheduled_until as Date).toISOString(),
    }));
  }

  /** Every pair of changes that overlap on a system, where the overlap touches [from, to). */
  async conflictsBetween(from: Date, to: Date): Promise<ScheduleConflict[]> {
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `${CONFLICTS}
        WHERE a.change_request_id < b.change_request_id
          AND tstzrange(greatest(a.scheduled_for, b.scheduled_for), least(a.scheduled_until, b.scheduled_until))
              && tstzrange($2, $3)
        ORDER BY 4, 1, 2`,
      [NOT_HAPPENING, from, to],
    );
    return rows.map(conflictOf);
  }

  /**
   * The changes that a window of `changeRequestId` on `systems` would overlap. The window is
   * given, not read, so a schedule just recorded is checked before the projection shows it.
   */
  async conflictsWith(
    changeRequestId: string,
    window: { systems: string[]; start: string; end: string },
  ): Promise<ScheduleConflict[]> {
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT $1::text AS a_id, b.change_request_id AS b_id,
              ARRAY(SELECT unnest($2::text[]) INTERSECT SELECT unnest(b.affected_systems) ORDER BY 1) AS systems,
              greatest($3::timestamptz, b.scheduled_for) AS overlap_start,
              least($4::timestamptz, b.scheduled_until) AS overlap_end
         FROM read_models.change_requests b
        WHERE b.change_request_id <> $1
          AND b.scheduled_for IS NOT NULL
          AND NOT (b.status = ANY($5))
          AND b.affected_systems && $2::text[]
          AND tstzrange(b.scheduled_for, b.scheduled_until) && tstzrange($3::timestamptz, $4::timestamptz)
        ORDER BY 4, 2`,
      [changeRequestId, window.systems, window.start, window.end, NOT_HAPPENING],
    );
    return rows.map(conflictOf);
  }
}

const CONFLICTS = `
  SELECT a.change_request_id AS a_id, b.change_request_id AS b_id,
         ARRAY(SELECT unnest(a.affected_systems) INTERSECT SELECT unnest(b.affected_systems) ORDER BY 1) AS systems,
         greatest(a.scheduled_for, b.scheduled_for) AS overlap_start,
         least(a.scheduled_until, b.scheduled_until) AS overlap_end
    FROM read_models.change_requests a
    JOIN read_models.change_requests b
      ON a.affected_systems && b.affected_systems
     AND tstzrange(a.scheduled_for, a.scheduled_until) && tstzrange(b.scheduled_for, b.scheduled_until)
     AND a.scheduled_for IS NOT NULL AND b.scheduled_for IS NOT NULL
     AND NOT (a.status = ANY($1)) AND NOT (b.status = ANY($1))`;

function conflictOf(row: Record<string, unknown>): ScheduleConflict {
  return {
    change_request_ids: [String(row.a_id), String(row.b_id)],
    systems: row.systems as string[],
    start: (row.overlap_start as Date).toISOString(),
    end: (row.overlap_end as Date).toISOString(),
  };
}
