import { type Pool } from 'pg';
import {
  type TemplateUsage,
  USAGE,
  type UsageRow,
  usageOf,
} from '../standard-changes/template-usage';

/** How one template's instances went, beside the template read from its own stream. */
export class TemplateUsageQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  async usage(templateId: string): Promise<TemplateUsage> {
    const { rows } = await this.pool.query<UsageRow>(
      `SELECT ${USAGE} FROM read_models.standard_change_instances i WHERE i.template_id = $1`,
      [templateId],
    );
    return usageOf(rows[0]!);
  }
}
