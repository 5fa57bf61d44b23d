import { type Pool } from 'pg';
import { type UnauthorizedChange, unauthorizedChangesIn } from './unauthorized-change-rows';

/** Production changes no approved change request covered (POL-APPROVED-RECORD, SOC-PROHIBITED). */
export class UnauthorizedChangesQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /** Those that happened in [from, to), newest first. */
  between(from: Date, to: Date): Promise<UnauthorizedChange[]> {
    return unauthorizedChangesIn(this.pool, from, to);
  }
}
