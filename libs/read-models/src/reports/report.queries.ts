import { type ChangeRequest } from '@change-ledger/domain';
import { type Pool } from 'pg';
import { CiEventQueries } from '../ci-events/ci-events.queries';
import { ChangeMetricsQueries } from './change-metrics.queries';
import {
  type ChangeFacts,
  doraMetricsOf,
  emergencyReport,
  factsOf,
  keyMetricsOf,
  missedDeadlinesOf,
  monthlyReport,
  monthlyReportOf,
  monthPeriod,
  type Period,
  type PeriodTallies,
  periodTalliesOf,
  quarterPeriod,
} from './report-definitions';

/** What a dashboard narrows the metrics' changes to; each absent: all. */
export interface MetricFilters {
  category?: string;
  priority?: string;
  affectedSystem?: string;
}

/**
 * Answers each report from the change-metrics pre-aggregates where they can (a month's report,
 * metrics of whole UTC months by category and priority), else from the changes themselves; the
 * formulas are report-definitions' either way, so both answer the same.
 */
export class ReportQueries {
  private readonly ciEvents: CiEventQueries;
  private readonly aggregates: ChangeMetricsQueries;

  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {
    this.ciEvents = new CiEventQueries(pool);
    this.aggregates = new ChangeMetricsQueries(pool);
  }

  /**
   * API-REPORT's monthly report. A month some of whose changes retention removed is answered as it was
   * reported before (frozen by the run), so a past period's report never silently changes.
   */
  async monthly(reportPeriod: string, changeTypes: readonly string[]) {
    const period = monthPeriod(reportPeriod);
    const [{ rows }, caughtUp] = await Promise.all([
      this.pool.query<{ report: ReturnType<typeof monthlyReport> }>(
        'SELECT report FROM read_models.frozen_monthly_reports WHERE period = $1',
        [reportPeriod],
      ),
      this.aggregates.caughtUp(),
    ]);
    if (rows[0]) return rows[0].report;
    if (!caughtUp) return this.monthlyFromChanges(reportPeriod, changeTypes);
    return monthlyReportOf(
      reportPeriod,
      await this.aggregates.monthlyTallies(period.from.toISOString().slice(0, 10)),
      changeTypes,
    );
  }

  /** The monthly report counted from the changes themselves (the aggregates' reference). */
  async monthlyFromChanges(reportPeriod: string, changeTypes: readonly string[]) {
    const period = monthPeriod(reportPeriod);
    return monthlyReport(
      reportPeriod,
      period,
      await this.facts('created_at >= $1 AND created_at < $2', period),
      changeTypes,
    );
  }

  /** The months (`2026-03`, UTC) whose monthly report counts these change requests. */
  async monthsOf(changeRequestIds: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ period: string }>(
      `SELECT DISTINCT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period
         FROM read_models.change_requests WHERE change_request_id = ANY($1::text[])`,
      [changeRequestIds],
    );
    return rows.map((row) => row.period);
  }

  /**
   * The key metrics and DORA for a period, of the changes matching `filters` (a dashboard's
   * category, priority or system). Unauthorized changes have no change request, so only the
   * system narrows them (the service CI reported).
   */
  async metrics(period: Period, filters: MetricFilters = {}) {
    const fromAggregates =
      ChangeMetricsQueries.answers(period) &&
      filters.affectedSystem === undefined &&
      (await this.aggregates.caughtUp());
    const [tallies, unauthorized] = await Promise.all([
      fromAggregates
        ? this.aggregates.periodTallies(period, filters)
        : this.periodTalliesFromChanges(period, filters),
      this.ciEvents.countUnauthorized(period.from, period.to, filters.affectedSystem),
    ]);
    return metricsAnswer(period, filters, tallies, unauthorized);
  }

  /** The metrics counted from the changes themselves (any period, any system; the reference). */
  async metricsFromChanges(period: Period, filters: MetricFilters = {}) {
    const [tallies, unauthorized] = await Promise.all([
      this.periodTalliesFromChanges(period, filters),
      this.ciEvents.countUnauthorized(period.from, period.to, filters.affectedSystem),
    ]);
    return metricsAnswer(period, filters, tallies, unauthorized);
  }

  private async periodTalliesFromChanges(period: Period, filters: MetricFilters) {
    const narrowing: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      narrowing.push(sql.replace('?', `$${params.length + 2}`));
    };
    add('category = ?', filters.category);
    add('priority = ?', filters.priority);
    add('affected_systems @> ARRAY[?]::text[]', filters.affectedSystem);
    const inPeriod = [
      'created_at',
      'approved_at',
      'implementation_started_at',
      'completed_at',
      'rolled_back_at',
    ]
      .map((column) => `(${column} >= $1 AND ${column} < $2)`)
      .join(' OR ');
    const changes = await this.facts([`(${inPeriod})`, ...narrowing].join(' AND '), period, params);
    return periodTalliesOf(period, changes);
  }

  async emergency(quarter: string, now: Date) {
    const period = quarterPeriod(quarter);
    return emergencyReport(
      quarter,
      period,
      await this.facts('emergency AND created_at >= $1 AND created_at < $2', period),
      now,
    );
  }

  private async facts(
    where: string,
    period: Period,
    more: readonly unknown[] = [],
  ): Promise<ChangeFacts[]> {
    const { rows } = await this.pool.query<{ state: ChangeRequest }>(
      `SELECT state FROM read_models.change_requests WHERE ${where}`,
      [period.from, period.to, ...more],
    );
    return rows.map((row) => factsOf(row.state));
  }
}

/** The metrics' answer: the formulas over the tallies, with the period and filters it is for. */
function metricsAnswer(
  period: Period,
  filters: MetricFilters,
  tallies: PeriodTallies,
  unauthorized: number,
) {
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    filters: {
      category: filters.category ?? null,
      priority: filters.priority ?? null,
      affected_system: filters.affectedSystem ?? null,
    },
    key_metrics: keyMetricsOf(tallies),
    dora: doraMetricsOf(period, tallies),
    deadlines_missed: missedDeadlinesOf(tallies),
    // POL-APPROVED-RECORD, SOC-PROHIBITED: every production change is covered by an approved one; the target is none.
    unauthorized_changes: {
      count: unauthorized,
      target: 0,
    },
  };
}
