import { type ChangeRequest } from '@change-ledger/domain';
import { type Pool } from 'pg';
import { type ChangeLogEntry, changeLogEntry } from './change-log-entry';

/** SOC-CHANGE-LOG's change log from the read model (as of an instant, libs/audit folds it). */
export class ChangeLogQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /** Production changes deployed in [from, to), in the order they were deployed. */
  async entries(from: Date, to: Date): Promise<ChangeLogEntry[]> {
    const { rows } = await this.pool.query<{ state: ChangeRequest }>(
      `SELECT state FROM read_models.change_requests
        WHERE implementation_started_at >= $1 AND implementation_started_at < $2
        ORDER BY implementation_started_at, change_request_id`,
      [from, to],
    );
    return rows.map(({ state }) => changeLogEntry(state));
  }
}
