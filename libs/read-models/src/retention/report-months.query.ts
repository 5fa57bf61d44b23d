import { type Pool } from 'pg';

/** What a retention run asks before it prunes: whose monthly reports it must freeze first. */
export class ReportMonthsQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /** The months (`2026-03`, UTC) whose monthly report counts these change requests. */
  async monthsOf(changeRequestIds: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ period: string }>(
      `SELECT DISTINCT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period
         FROM read_models.change_requests WHERE change_request_id = ANY($1::text[])`,
      [changeRequestIds],
    );
    return rows.map((row) => row.period);
  }
}
