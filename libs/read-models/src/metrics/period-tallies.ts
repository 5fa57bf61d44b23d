import { type Pool } from 'pg';
import {
  addTo,
  type AggregateFilters,
  aggregateNarrowing,
  increment,
  type MonthRange,
  sumAggregates,
} from '../reports/change-metrics-aggregates';
import { MEASURES } from '../reports/metric-contributions';
import {
  isHighPriority,
  type MedianInput,
  type Period,
  type PeriodTallies,
} from '../reports/report-definitions';

/** The metrics' tallies of a period that `aggregatesAnswer` accepts, narrowed by `filters`. */
export async function periodTallies(
  pool: Pool,
  period: Period,
  filters: AggregateFilters,
): Promise<PeriodTallies> {
  const months = { from: isoDate(period.from), to: isoDate(period.to), inclusive: false };
  const [rows, medians] = await Promise.all([
    sumAggregates(
      pool,
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
    medianInputs(pool, months, filters),
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

/**
 * The two middle durations of DORA's lead and recovery times over the months: the counts per
 * range of durations say which range holds each middle rank, then only that range's rows (one
 * per distinct duration) are read, off the (measure, bucket, month) index.
 */
async function medianInputs(
  pool: Pool,
  months: MonthRange,
  filters: AggregateFilters,
): Promise<Map<string, MedianInput>> {
  const distributions = [
    { measure: MEASURES.leadTime, ranges: MEASURES.leadTimeRanges },
    { measure: MEASURES.recovery, ranges: MEASURES.recoveryRanges },
  ];
  const counts = await sumAggregates(
    pool,
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
  const { where, params } = aggregateNarrowing(
    months,
    filters,
    distributions.map((distribution) => distribution.measure),
  );
  params.push([...new Set(wanted)]);
  const { rows } =
    wanted.length === 0
      ? { rows: [] }
      : await pool.query<{ measure: string; bucket: string; duration: string; n: string }>(
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

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
