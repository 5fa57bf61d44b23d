/**
 * How the page writes numbers, times and periods. Pure (no DOM), so the unit tier tests it.
 * Periods are whole months in UTC, as the API's reports count them.
 */

/** `YYYY-MM` of a date, in UTC. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The month after `month` (`2025-12` → `2026-01`). */
export function nextMonth(month: string): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return monthOf(new Date(Date.UTC(year, index, 1)));
}

/** The first instant of a month, as the API takes it. */
export function monthStart(month: string): string {
  return `${month}-01T00:00:00Z`;
}

/** The `count` months ending with `last` (inclusive), oldest first. */
export function monthsEndingWith(last: string, count: number): string[] {
  const [year, index] = last.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, offset) =>
    monthOf(new Date(Date.UTC(year, index - count + offset, 1))),
  );
}

/** A period of whole months [from's first day, the day after to's month). */
export function periodOfMonths(from: string, to: string): { from: string; to: string } {
  return { from: monthStart(from), to: monthStart(nextMonth(to)) };
}

/** `2025-01` → `Jan 2025`. */
export function monthLabel(month: string): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[index - 1]} ${year}`;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A metric's value the way its target is written: ratios in %, hours in h. */
export function formatMetric(value: number | null, unit: 'ratio' | 'hours'): string {
  if (value === null) return 'no data';
  return unit === 'ratio' ? formatPercent(value) : formatHours(value);
}

export function formatPercent(ratio: number | null): string {
  if (ratio === null) return 'no data';
  return `${Math.round(ratio * 1000) / 10}%`;
}

/** `45m`, `4.5h`, `3.2d`. */
export function formatHours(hours: number | null): string {
  if (hours === null) return 'no data';
  if (hours < 1) return `${Math.round(hours * 60)}m`;
  if (hours < 72) return `${Math.round(hours * 10) / 10}h`;
  return `${Math.round((hours / 24) * 10) / 10}d`;
}

/** `in 3h`, `2d ago`: a due time or an age relative to `now`. */
export function relativeTime(iso: string, now: Date): string {
  const hours = (Date.parse(iso) - now.getTime()) / 3_600_000;
  const text = formatHours(Math.abs(hours));
  return hours >= 0 ? `in ${text}` : `${text} ago`;
}

/** `2025-01-10 14:05 UTC`: exact, and the same on every screen. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** API-METRICS' metric names, for people. */
export const METRIC_NAMES: Record<string, string> = {
  change_success_rate: 'Change success rate',
  average_approval_time_high_priority: 'Approval time, high priority',
  average_implementation_time: 'Implementation time',
  rollback_rate: 'Rollback rate',
  emergency_change_rate: 'Emergency change rate',
};

/** A signed checkpoint (C2SP tlog-checkpoint): origin, tree size, root hash, then signatures. */
export function parseCheckpoint(note: string): { origin: string; size: number; root: string } {
  const [origin = '', size = '', root = ''] = note.split('\n');
  return { origin, size: Number(size), root };
}

/**
 * The top of a chart's vertical axis: the smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5,
 * 6 or 8 times a power of ten) at or above the largest value shown (data or target), so the
 * line uses the chart's height: a ratio of at most 100 % never gets an axis to 200 %. Nothing to
 * show gives a scale of 1.
 */
export function axisTop(largest: number): number {
  if (!(largest > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(largest));
  const top = ROUND_STEPS.map((step) => step * power).find(
    // The float product (0.2 → 0.20000000000000004) must not push 0.2 to the next step.
    (candidate) => candidate >= largest * (1 - 1e-9),
  )!;
  return Number(top.toPrecision(12));
}
const ROUND_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/**
 * What a list's heading says of its rows: all that matched when the answer held them all, else
 * that these are the first (the API answers pages, not a total).
 */
export function listCount(shown: number, more: boolean): string {
  if (more) return `the first ${shown}; more match`;
  return shown === 1 ? 'the only one' : `all ${shown}`;
}
