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
   * The two middle durations of DORA's lead and recovery times over the months: the counts per
   * range of durations say which range holds each middle rank, then only that range's rows (one
   * per distinct duration) are read, off the (measure, bucket, month) index.
   */
  private async medians(
    months: MonthRange,
    filters: AggregateFilters,
  ): Promise<Map<string, MedianInput>> {
    const distributions = [
      { measure: MEASURES.leadTime, ranges: MEASURES.leadTimeRanges },
      { measure: MEASURES.recovery, ranges: MEASURES.recoveryRanges },
    ];
    const counts = await this.sums(
      months,
      distributions.map((distribution) => distribution.ranges),
      filters,
      'measure, bucket',
    );
    const located = distributions.map(({ measure, ranges }) => {
      const ofMeasure = counts
        .filter((row) => row.measure === ranges)
        .map((row) => ({ range: row.bucket, first: Number(row.bucket), n: Number(row.n) }))
        .sort((a, b) => a.first - b.first);
      const total = ofMeasure.reduce((sum, range) => sum + range.n, 0);
      /** The range holding the rank (0-based), and the rank within it. */
      const locate = (rank: number) => {
        let before = 0;
        for (const range of ofMeasure) {
          if (rank < before + range.n) return { range: range.range, rank: rank - before };
          before += range.n;
        }
        throw new Error(`rank ${rank} beyond ${total} counted ${measure} durations`);
      };
      return total === 0
        ? { measure, total, lower: null, upper: null }
        : {
            measure,
            total,
            lower: locate(Math.floor((total - 1) / 2)),
            upper: locate(Math.floor(total / 2)),
          };
    });
    const wanted = located.flatMap((distribution) =>
      distribution.lower && distribution.upper
        ? [distribution.lower.range, distribution.upper.range]
        : [],
    );
    const { where, params } = narrowing(
      months,
      filters,
      distributions.map((distribution) => distribution.measure),
    );
    params.push([...new Set(wanted)]);
    const { rows } =
      wanted.length === 0
        ? { rows: [] }
        : await this.pool.query<{ measure: string; bucket: string; duration: string; n: string }>(
            // Named apart from value_ms: ORDER BY an output column's name would sort the text.
            `SELECT measure, bucket, value_ms::text AS duration, sum(n)::text AS n FROM read_models.change_metrics
              WHERE ${where} AND bucket = ANY($${params.length}::text[])
              GROUP BY measure, bucket, value_ms ORDER BY measure, bucket, value_ms`,
            params,
          );
    const valueAt = (measure: string, at: { range: string; rank: number }) => {
      let before = 0;
      for (const row of rows) {
        if (row.measure !== measure || row.bucket !== at.range) continue;
        before += Number(row.n);
        if (at.rank < before) return Number(row.duration);
      }
      throw new Error(`no ${measure} duration of rank ${at.rank} in range ${at.range}`);
    };
    return new Map(
      located.map(({ measure, total, lower, upper }) => [
        measure,
        {
          n: total,
          lowerMs: lower ? valueAt(measure, lower) : null,
          upperMs: upper ? valueAt(measure, upper) : null,
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
