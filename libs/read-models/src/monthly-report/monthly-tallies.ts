import { type Pool } from 'pg';
import { addTo, increment, sumAggregates } from '../reports/change-metrics-aggregates';
import { MEASURES } from '../reports/metric-contributions';
import { type MonthlyTallies } from '../reports/report-definitions';

/** The monthly report's tallies of the month starting at `month` (`2025-06-01`). */
export async function monthlyTallies(pool: Pool, month: string): Promise<MonthlyTallies> {
  const rows = await sumAggregates(
    pool,
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
