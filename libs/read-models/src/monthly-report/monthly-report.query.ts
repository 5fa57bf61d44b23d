import { type Pool } from 'pg';
import { changeFacts } from '../reports/change-facts';
import { aggregatesCaughtUp } from '../reports/change-metrics-aggregates';
import { monthlyReport, monthlyReportOf, monthPeriod } from '../reports/report-definitions';
import { monthlyTallies } from './monthly-tallies';

/**
 * API-REPORT's monthly report: from the change-metrics pre-aggregates where they have caught up,
 * else from the changes themselves; the formulas are report-definitions' either way, so both
 * answer the same. Retention freezes a month with this same answer before it prunes any of it.
 */
export class MonthlyReportQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /**
   * The report of `reportPeriod` (`2026-03`). A month some of whose changes retention removed is
   * answered as it was reported before (frozen by the run), so a past period's report never
   * silently changes.
   */
  async monthly(reportPeriod: string, changeTypes: readonly string[]) {
    const period = monthPeriod(reportPeriod);
    const [{ rows }, caughtUp] = await Promise.all([
      this.pool.query<{ report: ReturnType<typeof monthlyReport> }>(
        'SELECT report FROM read_models.frozen_monthly_reports WHERE period = $1',
        [reportPeriod],
      ),
      aggregatesCaughtUp(this.pool),
    ]);
    if (rows[0]) return rows[0].report;
    if (!caughtUp) return this.fromChanges(reportPeriod, changeTypes);
    return monthlyReportOf(
      reportPeriod,
      await monthlyTallies(this.pool, period.from.toISOString().slice(0, 10)),
      changeTypes,
    );
  }

  /** The monthly report counted from the changes themselves (the aggregates' reference). */
  async fromChanges(reportPeriod: string, changeTypes: readonly string[]) {
    const period = monthPeriod(reportPeriod);
    return monthlyReport(
      reportPeriod,
      period,
      await changeFacts(this.pool, 'created_at >= $1 AND created_at < $2', period),
      changeTypes,
    );
  }
}
