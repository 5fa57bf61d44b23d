import { type ChangeRequest } from '@change-ledger/domain';
import { type Pool } from 'pg';
import { type ChangeFacts, factsOf, type Period } from './report-definitions';

/**
 * The facts of the change requests `where` selects, [$1, $2) being `period` and `more` the
 * parameters after it: what a report counts when it counts the changes themselves.
 */
export async function changeFacts(
  pool: Pool,
  where: string,
  period: Period,
  more: readonly unknown[] = [],
): Promise<ChangeFacts[]> {
  const { rows } = await pool.query<{ state: ChangeRequest }>(
    `SELECT state FROM read_models.change_requests WHERE ${where}`,
    [period.from, period.to, ...more],
  );
  return rows.map((row) => factsOf(row.state));
}
