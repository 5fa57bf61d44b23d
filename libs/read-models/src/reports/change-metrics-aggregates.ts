import { type Pool } from 'pg';
import { type DurationTally, type Period } from './report-definitions';

/**
 * Reading the change-metrics projection's per-month rows, shared by the reports that count from
 * them (monthly-report/monthly-tallies.ts, metrics/period-tallies.ts): a month's report or
 * metrics is a few hundred rows off the primary key's month prefix, however many changes the
 * month has.
 */

/** A dashboard's narrowing that the pre-aggregates carry as columns. */
export interface AggregateFilters {
  category?: string;
  priority?: string;
}

export interface SumRow {
  measure: string;
  bucket: string;
  priority: string;
  change_type: string;
  n: string;
  sum_ms: string;
}

export interface MonthRange {
  from: string;
  to: string;
  /** `to` is the last month itself (one month), rather than the first one after. */
  inclusive: boolean;
}

/** A period the per-month rows answer: both ends at the start of a UTC month. */
export function aggregatesAnswer(period: Period): boolean {
  // Years 1–9999 only: a date column's range, and what `toISOString` writes as YYYY-MM-DD.
  const monthStart = (date: Date) =>
    date.getUTCFullYear() >= 1 &&
    date.getUTCFullYear() <= 9999 &&
    date.getTime() === Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  return monthStart(period.from) && monthStart(period.to);
}

/**
 * Whether the pre-aggregates may answer: the change-metrics projection is within a minute (of
 * recorded time) of the change-requests one, which follows the same events. Right after an
 * upgrade it starts from event zero, and until it catches up its rows hold part of the history;
 * the reports count the changes themselves meanwhile, rather than answer short.
 */
export async function aggregatesCaughtUp(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ caught_up: boolean }>(
    `WITH requests AS (
       SELECT last_event_recorded_at AS at FROM read_models.checkpoints WHERE projection = 'change-requests'),
     metrics AS (
       SELECT last_event_recorded_at AS at FROM read_models.checkpoints WHERE projection = 'change-metrics')
     SELECT coalesce((SELECT at FROM requests) - interval '1 minute' <= (SELECT at FROM metrics),
                     (SELECT at FROM requests) IS NULL) AS caught_up`,
  );
  return rows[0]!.caught_up;
}

/** The sums of `measures` over the months, narrowed by `filters`, grouped by `groupBy`. */
export async function sumAggregates(
  pool: Pool,
  months: MonthRange,
  measures: readonly string[],
  filters: AggregateFilters,
  groupBy: string,
): Promise<SumRow[]> {
  const { where, params } = aggregateNarrowing(months, filters, measures);
  const { rows } = await pool.query<SumRow>(
    `SELECT ${groupBy}, sum(n)::text AS n, sum(sum_ms)::text AS sum_ms
       FROM read_models.change_metrics WHERE ${where} GROUP BY ${groupBy}`,
    params,
  );
  return rows;
}

export function aggregateNarrowing(
  months: MonthRange,
  filters: AggregateFilters,
  measures: readonly string[],
) {
  const params: unknown[] = [months.from, months.to, measures];
  const where = [
    `month >= $1::date AND month ${months.inclusive ? '<=' : '<'} $2::date`,
    'measure = ANY($3::text[])',
  ];
  if (filters.category !== undefined) {
    params.push(filters.category);
    where.push(`category = $${params.length}`);
  }
  if (filters.priority !== undefined) {
    params.push(filters.priority);
    where.push(`priority = $${params.length}`);
  }
  return { where: where.join(' AND '), params };
}

export const increment = (counts: Record<string, number>, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n;
};

export const addTo = (tally: DurationTally, row: SumRow) => {
  tally.n += Number(row.n);
  tally.sumMs += Number(row.sum_ms);
};
