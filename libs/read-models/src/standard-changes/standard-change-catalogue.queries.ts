import { type StandardChangeTemplate, type TemplateStatus } from '@change-ledger/domain';
import { type Pool } from 'pg';

/** How a template's instances went: what the catalogue shows beside each template. */
export interface TemplateUsage {
  /** Changes it pre-approved. */
  uses: number;
  completed: number;
  failed: number;
  rolled_back: number;
  /** Instances that caused an incident (a rollback records one; CI may report others). */
  incidents: number;
  /** completed ÷ (completed + failed + rolled back), as the change success rate; null with none ended. */
  success_rate: number | null;
  last_used_at: string | null;
}

export interface CatalogueEntry {
  template: StandardChangeTemplate;
  usage: TemplateUsage;
}

/** An instance gone wrong whose template has not been suspended for it yet. */
export interface SuspensionCandidateRow {
  templateId: string;
  changeRequestId: string;
  reason: 'rolled_back' | 'incident';
  detail: string;
}

interface UsageRow {
  uses: string;
  completed: string;
  failed: string;
  rolled_back: string;
  incidents: string;
  last_used_at: Date | null;
}

const USAGE = `count(i.change_request_id) AS uses,
  count(*) FILTER (WHERE i.outcome = 'completed') AS completed,
  count(*) FILTER (WHERE i.outcome = 'failed') AS failed,
  count(*) FILTER (WHERE i.outcome = 'rolled_back') AS rolled_back,
  count(i.incident_at) AS incidents,
  max(i.pre_approved_at) AS last_used_at`;

/** The catalogue's queries over the standard-change-catalogue projection's tables. */
export class StandardChangeCatalogueQueries {
  constructor(private readonly pool: Pool) {}

  /** Every template (or those of one status), by id, with its usage. */
  async list(status?: TemplateStatus): Promise<CatalogueEntry[]> {
    const { rows } = await this.pool.query<UsageRow & { state: StandardChangeTemplate }>(
      `SELECT t.state, ${USAGE}
         FROM read_models.standard_change_templates t
         LEFT JOIN read_models.standard_change_instances i USING (template_id)
        WHERE $1::text IS NULL OR t.status = $1
        GROUP BY t.template_id, t.state
        ORDER BY t.template_id`,
      [status ?? null],
    );
    return rows.map((row) => ({ template: row.state, usage: usageOf(row) }));
  }

  async usage(templateId: string): Promise<TemplateUsage> {
    const { rows } = await this.pool.query<UsageRow>(
      `SELECT ${USAGE} FROM read_models.standard_change_instances i WHERE i.template_id = $1`,
      [templateId],
    );
    return usageOf(rows[0]!);
  }

  /**
   * Instances rolled back or that caused an incident, whose template (not retired) has not been
   * suspended for them: what the suspension watcher acts on. The two tables may stand at
   * different points of one projection's batches only: they share its checkpoint.
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

function usageOf(row: UsageRow): TemplateUsage {
  const count = (value: string) => Number(value);
  const ended = count(row.completed) + count(row.failed) + count(row.rolled_back);
  return {
    uses: count(row.uses),
    completed: count(row.completed),
    failed: count(row.failed),
    rolled_back: count(row.rolled_back),
    incidents: count(row.incidents),
    success_rate: ended === 0 ? null : count(row.completed) / ended,
    last_used_at: row.last_used_at ? row.last_used_at.toISOString() : null,
  };
}
