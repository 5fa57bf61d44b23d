import { type ChangeRequest } from '@change-ledger/domain';
import { type Pool } from 'pg';
import { CiEventQueries } from '../ci-events/ci-events.queries';
import {
  type ChangeFacts,
  doraMetrics,
  emergencyReport,
  factsOf,
  keyMetrics,
  missedDeadlines,
  monthlyReport,
  monthPeriod,
  type Period,
  quarterPeriod,
} from './report-definitions';

/** Selects each report's changes from the read model; the formulas are report-definitions'. */
export class ReportQueries {
  private readonly ciEvents: CiEventQueries;

  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {
    this.ciEvents = new CiEventQueries(pool);
  }

  async monthly(reportPeriod: string, changeTypes: readonly string[]) {
    const period = monthPeriod(reportPeriod);
    return monthlyReport(
      reportPeriod,
      period,
      await this.facts('created_at >= $1 AND created_at < $2', period),
      changeTypes,
    );
  }

  async metrics(period: Period) {
    const changes = await this.facts(
      ['created_at', 'approved_at', 'implementation_started_at', 'completed_at', 'rolled_back_at']
        .map((column) => `(${column} >= $1 AND ${column} < $2)`)
        .join(' OR '),
      period,
    );
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      key_metrics: keyMetrics(period, changes),
      dora: doraMetrics(period, changes),
      deadlines_missed: missedDeadlines(period, changes),
      // 002 §3.8, 003 §6: every production change is covered by an approved one; the target is none.
      unauthorized_changes: {
        count: await this.ciEvents.countUnauthorized(period.from, period.to),
        target: 0,
      },
    };
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

  private async facts(where: string, period: Period): Promise<ChangeFacts[]> {
    const { rows } = await this.pool.query<{ state: ChangeRequest }>(
      `SELECT state FROM read_models.change_requests WHERE ${where}`,
      [period.from, period.to],
    );
    return rows.map((row) => factsOf(row.state));
  }
}
