import { type Pool } from 'pg';
import { changeFacts } from '../reports/change-facts';
import { emergencyReport, quarterPeriod } from '../reports/report-definitions';

/** SOC-EMERG-REPORT: a quarter's emergency changes and their deadlines. */
export class EmergencyReportQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  async emergency(quarter: string, now: Date) {
    const period = quarterPeriod(quarter);
    return emergencyReport(
      quarter,
      period,
      await changeFacts(this.pool, 'emergency AND created_at >= $1 AND created_at < $2', period),
      now,
    );
  }
}
