import { type Pool } from 'pg';

/** An instance gone wrong whose template has not been suspended for it yet. */
export interface SuspensionCandidateRow {
  templateId: string;
  changeRequestId: string;
  reason: 'rolled_back' | 'incident';
  detail: string;
}

/** Where the suspension watcher (libs/change-requests' suspend-standard-change-template) looks. */
export class SuspensionCandidatesQuery {
  /** `pool` connects as ledger_reader, on the primary: a write decides on what it answers. */
  constructor(private readonly pool: Pool) {}

  /**
   * Instances rolled back or that caused an incident, whose template (not retired) has not been
   * suspended for them. The two tables may stand at different points of one projection's batches
   * only: they share its checkpoint.
   */
  async suspensionCandidates(): Promise<SuspensionCandidateRow[]> {
    const { rows } = await this.pool.query<{
      template_id: string;
      change_request_id: string;
      rolled_back_at: Date | null;
      incident_id: string | null;
      incident_at: Date | null;
    }>(
      `SELECT i.template_id, i.change_request_id, i.rolled_back_at, i.incident_id, i.incident_at
         FROM read_models.standard_change_instances i
         JOIN read_models.standard_change_templates t USING (template_id)
        WHERE (i.rolled_back_at IS NOT NULL OR i.incident_at IS NOT NULL)
          AND t.status <> 'retired'
          AND NOT (t.state -> 'suspendedFor') ? i.change_request_id
        ORDER BY least(i.rolled_back_at, i.incident_at), i.change_request_id`,
    );
    return rows.map((row) => ({
      templateId: row.template_id,
      changeRequestId: row.change_request_id,
      reason: row.rolled_back_at ? 'rolled_back' : 'incident',
      detail: row.rolled_back_at
        ? `${row.change_request_id} was rolled back at ${row.rolled_back_at.toISOString()}`
        : `${row.change_request_id} caused incident ${row.incident_id ?? ''} at ${row.incident_at!.toISOString()}`,
    }));
  }
}
