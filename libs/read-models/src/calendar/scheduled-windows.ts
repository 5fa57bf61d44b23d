/**
 * Scheduled windows as the calendar and a change's conflicts read them from
 * read_models.change_requests (its scheduled_for / scheduled_until columns, filled from
 * ChangeScheduled by the change-requests projection).
 */

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
export const NOT_HAPPENING = ['cancelled', 'rejected'];

/** A row of `a_id, b_id, systems, overlap_start, overlap_end`. */
export function conflictOf(row: Record<string, unknown>): ScheduleConflict {
  return {
    change_request_ids: [String(row.a_id), String(row.b_id)],
    systems: row.systems as string[],
    start: (row.overlap_start as Date).toISOString(),
    end: (row.overlap_end as Date).toISOString(),
  };
}
