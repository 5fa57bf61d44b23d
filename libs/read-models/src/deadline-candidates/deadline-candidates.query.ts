import { type ChangeRequest } from '@change-ledger/domain';
import { type Pool } from 'pg';

/** Where the deadline watcher (libs/change-requests' record-missed-deadlines) looks. */
export class DeadlineCandidatesQuery {
  /** `pool` connects as ledger_reader, on the primary: a write decides on what it answers. */
  constructor(private readonly pool: Pool) {}

  /**
   * Change requests that may have a deadline past due at `now` (the domain's overdueDeadlines
   * decides): pending past their approval due time, emergency changes, changes with an incident.
   */
  async deadlineCandidates(now: Date): Promise<ChangeRequest[]> {
    const { rows } = await this.pool.query<{ state: ChangeRequest }>(
      `SELECT state FROM read_models.change_requests
        WHERE status NOT IN ('cancelled', 'rejected')
          AND ((status = 'pending_approval' AND approval_due_at < $1) OR emergency OR jsonb_typeof(state->'incident') = 'object')`,
      [now],
    );
    return rows.map((row) => row.state);
  }
}
