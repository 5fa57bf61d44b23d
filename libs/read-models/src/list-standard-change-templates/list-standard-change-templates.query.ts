import { type StandardChangeTemplate, type TemplateStatus } from '@change-ledger/domain';
import { type Pool } from 'pg';
import {
  type TemplateUsage,
  USAGE,
  type UsageRow,
  usageOf,
} from '../standard-changes/template-usage';

export interface CatalogueEntry {
  template: StandardChangeTemplate;
  usage: TemplateUsage;
}

/** The standard-change catalogue, from the standard-change-catalogue projection's tables. */
export class ListStandardChangeTemplatesQuery {
  /** `pool` connects as ledger_reader. */
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
}
