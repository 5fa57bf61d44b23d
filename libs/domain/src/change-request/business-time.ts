const DAY_MS = 24 * 60 * 60 * 1000;

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

export function addHours(iso: string, hours: number): string {
  return addMinutes(iso, hours * 60);
}

/**
 * `days` business days after `iso`, at the same time of day: Saturdays and Sundays (UTC) do not
 * count. Public holidays are not modelled: a deadline may fall on one.
 */
export function addBusinessDays(iso: string, days: number): string {
  let time = Date.parse(iso);
  let left = days;
  while (left > 0) {
    time += DAY_MS;
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(time).toISOString();
}

/** The same day of the next month (clamped to its last day), for the next review of API-COMPLETE. */
export function addOneMonth(iso: string): string {
  const date = new Date(iso);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}
