import { type Pool } from 'pg';
import { MEASURES } from './metric-contributions';
import {
  type DurationTally,
  isHighPriority,
  type MedianInput,
  type MonthlyTallies,
  type Period,
  type PeriodTallies,
} from './report-definitions';

/** A dashboard's narrowing that the pre-aggregates carry as columns. */
export interface AggregateFilters {
  category?: string;
  priority?: string;
}

interface SumRow {
  measure: string;
  bucket: string;
  priority: string;
  change_type: string;
  n: string;
  sum_ms: string;
}

/**
 * Reads the change-metrics projection's per-month rows into the tallies report-definitions
 * counts from: a month's report or metrics is a few hundred rows off the primary key's month
 * prefix, however many changes the month has.
 */
export class ChangeMetricsQueries {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /** A period the per-month rows answer: both ends at the start of a UTC month. */
  static answers(period: Period): boolean {
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
  async caughtUp(): Promise<boolean> {
    const { rows } = await this.pool.query<{ caught_up: boolean }>(
      `WITH requests AS (
         SELECT last_event_recorded_at AS at FROM read_models.checkpoints WHERE projection = 'change-requests'),
       metrics AS (
         SELECT last_event_recorded_at AS at FROM read_models.checkpoints WHERE projection = 'change-metrics')
       SELECT coalesce((SELECT at FROM requests) - interval '1 minute' <= (SELECT at FROM metrics),
                       (SELECT at FROM requests) IS NULL) AS caught_up`,
    );
    return rows[0]!.caught_up;
  }

  /** The monthly report's tallies of the month starting at `month` (`2025-06-01`). */
  async monthlyTallies(month: string): Promise<MonthlyTallies> {
    const rows = await this.sums(
      { from: month, to: month, inclusive: true },
      [MEASURES.created, MEASURES.createdApproval, MEASURES.createdImplementation],
      {},
      'measure, bucket, priority, change_type',
    );
    const tallies: MonthlyTallies = {
      total: 0,
      byStatus: {},
      byPriority: {},
      byType: {},
      approval: { n: 0, sumMs: 0 },
      implementation: { n: 0, sumMs: 0 },
    };
    for (const row of rows) {
      const n = Number(row.n);
      if (row.measure === MEASURES.createdApproval) addTo(tallies.approval, row);
      else if (row.measure === MEASURES.createdImplementation) addTo(tallies.implementation, row);
      else {
        tallies.total += n;
        increment(tallies.byStatus, row.bucket, n);
        increment(tallies.byPriority, row.priority, n);
        increment(tallies.byType, row.change_type, n);
      }
    }
    return tallies;
  }

  /** The metrics' tallies of a period that `answers` accepts, narrowed by `filters`. */
  async periodTallies(period: Period, filters: AggregateFilters): Promise<PeriodTallies> {
    const months = { from: isoDate(period.from), to: isoDate(period.to), inclusive: false };
    const [rows, medians] = await Promise.all([
      this.sums(
        months,
        [
          MEASURES.deployed,
          MEASURES.approved,
          MEASURES.completed,
          MEASURES.created,
          MEASURES.createdEmergency,
          MEASURES.missedDeadline,
        ],
        filters,
        'measure, bucket, priority',
      ),
      this.medians(months, filters),
    ]);
    const tallies: PeriodTallies = {
      deployedByStatus: {},
      highPriorityApproval: { n: 0, sumMs: 0 },
      completed: { n: 0, sumMs: 0 },
      created: 0,
      emergencyCreated: 0,
      missedDeadlines: {},
      leadTime: medians.get(MEASURES.leadTime) ?? { n: 0, lowerMs: null, upperMs: null },
      recovery: medians.get(MEASURES.recovery) ?? { n: 0, lowerMs: null, upperMs: null },
    };
    for (const row of rows) {
      const n = Number(row.n);
      switch (row.measure) {
        case MEASURES.deployed:
          increment(tallies.deployedByStatus, row.bucket, n);
          break;
        case MEASURES.approved:
          if (isHighPriority(row.priority)) addTo(tallies.highPriorityApproval, row);
          break;
        case MEASURES.completed:
          addTo(tallies.completed, row);
          break;
        case MEASURES.created:
          tallies.created += n;
          break;
        case MEASURES.createdEmergency:
          tallies.emergencyCreated += n;
          break;
        case MEASURES.missedDeadline:
          increment(tallies.missedDeadlines, row.bucket, n);
          break;
      }
    }
    return tallies;
  }

  private async sums(
    months: MonthRange,
    measures: readonly string[],
    filters: AggregateFilters,
    groupBy: string,
  ): Promise<SumRow[]> {
    const { where, params } = narrowing(months, filters, measures);
    const { rows } = await this.pool.query<SumRow>(
      `SELECT ${groupBy}, sum(n)::text AS n, sum(sum_ms)::text AS sum_ms
         FROM read_models.change_metrics WHERE ${where} GROUP BY ${groupBy}`,
      params,
    );
    return rows;
  }

  /**
   * The two middle durations of each distribution measure over the months, found in SQL from
   * the running count, so only one row per measure comes back.
   */
  private async medians(
    months: MonthRange,
    filters: AggregateFilters,
  ): Promise<Map<string, MedianInput>> {
    const { where, params } = narrowing(months, filters, [MEASURES.leadTime, MEASURES.recovery]);
    const { rows } = await this.pool.query<{
      measure: string;
      n: string;
      lower_ms: string | null;
      upper_ms: string | null;
    }>(
      `WITH histogram AS (
         SELECT measure, value_ms, sum(n) AS n FROM read_models.change_metrics
          WHERE ${where} GROUP BY measure, value_ms),
       ranked AS (
         SELECT measure, value_ms,
                sum(n) OVER (PARTITION BY measure ORDER BY value_ms) AS upto,
                sum(n) OVER (PARTITION BY measure) AS total
           FROM histogram)
       SELECT measure, max(total)::text AS n,
              min(value_ms) FILTER (WHERE upto > floor((total - 1) / 2))::text AS lower_ms,
              min(value_ms) FILTER (WHERE upto > floor(total / 2))::text AS upper_ms
         FROM ranked GROUP BY measure`,
      params,
    );
    return new Map(
      rows.map((row) => [
        row.measure,
        {
          n: Number(row.n),
          lowerMs: row.lower_ms === null ? null : Number(row.lower_ms),
          upperMs: row.upper_ms === null ? null : Number(row.upper_ms),
        },
      ]),
    );
  }
}

interface MonthRange {
  from: string;
  to: string;
  /** `to` is the last month itself (one month), rather than the first one after. */
  inclusive: boolean;
}

function narrowing(months: MonthRange, filters: AggregateFilters, measures: readonly string[]) {
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

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const increment = (counts: Record<string, number>, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n;
};
const addTo = (tally: DurationTally, row: SumRow) => {
  tally.n += Number(row.n);
  tally.sumMs += Number(row.sum_ms);
};
