import { type Pool } from 'pg';
import { conflictOf, NOT_HAPPENING, type ScheduleConflict } from '../calendar/scheduled-windows';

/**
 * Other changes scheduled on the same systems at overlapping times as one change's window: what
 * a change request's answers report (issue 17), never a reason to refuse it.
 */
export class ChangeRequestConflictsQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

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
