/**
 * How a template's instances went, as the catalogue shows it beside each template: the SQL over
 * read_models.standard_change_instances (aliased `i`) and its row, shared by the listing and the
 * single template's route.
 */

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

export interface UsageRow {
  uses: string;
  completed: string;
  failed: string;
  rolled_back: string;
  incidents: string;
  last_used_at: Date | null;
}

export const USAGE = `count(i.change_request_id) AS uses,
  count(*) FILTER (WHERE i.outcome = 'completed') AS completed,
  count(*) FILTER (WHERE i.outcome = 'failed') AS failed,
  count(*) FILTER (WHERE i.outcome = 'rolled_back') AS rolled_back,
  count(i.incident_at) AS incidents,
  max(i.pre_approved_at) AS last_used_at`;

export function usageOf(row: UsageRow): TemplateUsage {
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
