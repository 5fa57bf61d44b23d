import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { type ScheduleConflict, type ScheduledChange } from './scheduled-windows';

/** What the calendar shows for a period: changes, their conflicts, windows, blackouts. */
export interface CalendarView {
  from: string;
  to: string;
  changes: Array<ScheduledChange & { conflicts_with: string[] }>;
  conflicts: ScheduleConflict[];
  maintenance_windows: Array<{ name: string; start: string; end: string }>;
  business_hours: Array<{ name: string; start: string; end: string }>;
  blackouts: Array<{
    name: string;
    start: string;
    end: string;
    reason: string | null;
    allow_emergency: boolean;
    override_roles: string[];
  }>;
}

/** The longest period one calendar request covers: the occurrences of a year and a bit. */
export const MAX_CALENDAR_DAYS = 400;

/**
 * The calendar as iCalendar (RFC 5545), for calendar apps to subscribe to: one event per
 * scheduled change (a link to its page; conflicts in its description), per maintenance-window
 * occurrence, per blackout and per conflict. Business hours are left out: a subscriber's week
 * would be covered by them. UIDs are stable, so a re-fetch updates events instead of adding them.
 */
export function calendarIcs(
  view: CalendarView,
  options: {
    name: string;
    linkOf: (changeRequestId: string) => string;
    host: string;
    /** Said to the subscriber (X-WR-CALDESC): e.g. which window a feed by URL covers. */
    description?: string;
    /** How often a subscribed calendar app should fetch again, in seconds. */
    refreshSeconds?: number;
  },
): string {
  const feed = ical({
    name: options.name,
    prodId: { company: 'Change Ledger', product: 'calendar' },
    ...(options.description ? { description: options.description } : {}),
    ...(options.refreshSeconds ? { ttl: options.refreshSeconds } : {}),
  });
  for (const change of view.changes) {
    const conflicts =
      change.conflicts_with.length > 0
        ? `\nCONFLICTS with ${change.conflicts_with.join(', ')} on the same systems`
        : '';
    feed.createEvent({
      id: `${change.change_request_id}@${options.host}`,
      start: new Date(change.start),
      end: new Date(change.end),
      summary: `${change.change_request_id}: ${change.title}${change.conflicts_with.length > 0 ? ' (conflict)' : ''}`,
      description: `${change.category} change, ${change.priority} priority, ${change.status}\nSystems: ${change.affected_systems.join(', ')}\nRequested by ${change.requester}${conflicts}`,
      url: options.linkOf(change.change_request_id),
      categories: [{ name: 'change' }, { name: change.category }],
      status: change.status === 'scheduled' ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
    });
  }
  for (const window of view.maintenance_windows) {
    feed.createEvent({
      id: `maintenance-${window.start}@${options.host}`,
      start: new Date(window.start),
      end: new Date(window.end),
      summary: `Maintenance window: ${window.name}`,
      categories: [{ name: 'maintenance-window' }],
      // A window is a possibility, not a busy slot in the subscriber's own calendar.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  for (const blackout of view.blackouts) {
    const who = [
      ...(blackout.allow_emergency ? ['emergency changes'] : []),
      ...blackout.override_roles,
    ];
    feed.createEvent({
      id: `blackout-${blackout.name}-${blackout.start}@${options.host}`,
      start: new Date(blackout.start),
      end: new Date(blackout.end),
      summary: `Blackout: ${blackout.name}`,
      description: `${blackout.reason ?? 'No changes to production.'}${who.length > 0 ? `\nMay override: ${who.join(', ')}` : ''}`,
      categories: [{ name: 'blackout' }],
    });
  }
  for (const conflict of view.conflicts) {
    const [a, b] = conflict.change_request_ids;
    feed.createEvent({
      id: `conflict-${a}-${b}@${options.host}`,
      start: new Date(conflict.start),
      end: new Date(conflict.end),
      summary: `Conflict: ${a} and ${b} on ${conflict.systems.join(', ')}`,
      description: `Both changes are scheduled on ${conflict.systems.join(', ')} at the same time.`,
      url: options.linkOf(a),
      categories: [{ name: 'conflict' }],
    });
  }
  return feed.toString();
}
