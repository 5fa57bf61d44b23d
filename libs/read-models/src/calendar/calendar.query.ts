import { type ChangeCalendar, occurrences } from '@change-ledger/domain';
import { type Pool } from 'pg';
import { type CalendarView } from './calendar-view';
import {
  conflictOf,
  NOT_HAPPENING,
  type ScheduleConflict,
  type ScheduledChange,
} from './scheduled-windows';

/**
 * The change calendar of a period (issue 17), for a person signed in and for the feed by URL
 * alike: scheduled changes and their conflicts from the read model, slots from the policy.
 */
export class CalendarQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /** The calendar of [from, to). */
  async view(calendar: ChangeCalendar, from: Date, to: Date): Promise<CalendarView> {
    const [changes, conflicts] = await Promise.all([
      this.scheduledBetween(from, to),
      this.conflictsBetween(from, to),
    ]);
    const conflictsOf = (id: string) =>
      conflicts.flatMap(({ change_request_ids: [a, b] }) => (a === id ? [b] : b === id ? [a] : []));
    const [start, end] = [from.toISOString(), to.toISOString()];
    return {
      from: start,
      to: end,
      changes: changes.map((change) => ({
        ...change,
        conflicts_with: [...new Set(conflictsOf(change.change_request_id))],
      })),
      conflicts,
      maintenance_windows: occurrences(calendar.maintenanceWindows, start, end),
      business_hours: occurrences(calendar.businessHours, start, end),
      blackouts: calendar.blackouts
        .filter((blackout) => blackout.start < end && blackout.end > start)
        .map((blackout) => ({
          name: blackout.name,
          start: blackout.start,
          end: blackout.end,
          reason: blackout.reason,
          allow_emergency: blackout.allowEmergency,
          override_roles: blackout.overrideRoles,
        })),
    };
  }

  /** Changes whose scheduled window overlaps [from, to), by start. */
  private async scheduledBetween(from: Date, to: Date): Promise<ScheduledChange[]> {
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
  private async conflictsBetween(from: Date, to: Date): Promise<ScheduleConflict[]> {
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT a.change_request_id AS a_id, b.change_request_id AS b_id,
              ARRAY(SELECT unnest(a.affected_systems) INTERSECT SELECT unnest(b.affected_systems) ORDER BY 1) AS systems,
              greatest(a.scheduled_for, b.scheduled_for) AS overlap_start,
              least(a.scheduled_until, b.scheduled_until) AS overlap_end
         FROM read_models.change_requests a
         JOIN read_models.change_requests b
           ON a.affected_systems && b.affected_systems
          AND tstzrange(a.scheduled_for, a.scheduled_until) && tstzrange(b.scheduled_for, b.scheduled_until)
          AND a.scheduled_for IS NOT NULL AND b.scheduled_for IS NOT NULL
          AND NOT (a.status = ANY($1)) AND NOT (b.status = ANY($1))
        WHERE a.change_request_id < b.change_request_id
          AND tstzrange(greatest(a.scheduled_for, b.scheduled_for), least(a.scheduled_until, b.scheduled_until))
              && tstzrange($2, $3)
        ORDER BY 4, 1, 2`,
      [NOT_HAPPENING, from, to],
    );
    return rows.map(conflictOf);
  }
}
