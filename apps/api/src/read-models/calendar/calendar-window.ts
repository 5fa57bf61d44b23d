import { periodOf, type PeriodBounds, type QueryPeriod } from '../read-query';

/** The calendar's window around today, said in the answer (and in the feed by URL). */
export const CALENDAR_DEFAULT = 'from 7 days before today to 31 days after (UTC)';

/**
 * The window around today: what the calendar answers without from and to, and the only window
 * of the feed by URL (`calendar.ics`), which a calendar app fetches again and again.
 */
export function calendarWindowAround(now: Date): { from: Date; to: Date } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - 7 * 86_400_000), to: new Date(today + 31 * 86_400_000) };
}

/**
 * The calendar's period: a window around today when both are left out (what a calendar app
 * subscribing by URL asks for), else as every other period.
 */
export function calendarPeriodOf(query: PeriodBounds, now: Date): QueryPeriod {
  if (query.from !== undefined || query.to !== undefined) return periodOf(query, now);
  return { ...calendarWindowAround(now), defaulted: true };
}
