import { type Pool } from 'pg';
import { iso } from '../query-rows';

export interface Incident {
  incident_id: string;
  change_request_id: string;
  severity: string;
  review_due_at: string;
  reviewed_at: string | null;
  review_overdue: boolean;
}

/** Incidents and their post-incident reviews: read_models.incidents. */
export class IncidentsQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /** Incidents (every executed rollback is one), open ones (review not done) first. */
  async list(openOnly: boolean, now: Date): Promise<Incident[]> {
    const { rows } = await this.pool.query(
      `SELECT incident_id, change_request_id, severity, review_due_at, reviewed_at,
              reviewed_at IS NULL AND review_due_at < $2 AS review_overdue
         FROM read_models.incidents
        WHERE NOT $1 OR reviewed_at IS NULL
        ORDER BY reviewed_at IS NOT NULL, review_due_at, incident_id`,
      [openOnly, now],
    );
    return rows.map((row) => ({
      ...row,
      review_due_at: iso(row.review_due_at)!,
      reviewed_at: iso(row.reviewed_at),
    }));
  }
}
