import { type Pool } from 'pg';

/** An unauthorized production change as read_models.unauthorized_changes answers it. */
export interface UnauthorizedChange {
  source: string;
  event_id: string;
  kind: string;
  occurred_at: string;
  environment: string;
  service: string | null;
  actor: string | null;
  change_request_id: string | null;
  reason: string;
  /** The deploy gates it failed (ADR 0022); none for a deployment no change covers. */
  failed_gates: string[];
}

/** The unauthorized changes that happened in [$1, $2); its reader adds the order. */
export const UNAUTHORIZED_CHANGES_IN_PERIOD = `SELECT source, event_id, kind, occurred_at, environment, service, actor, change_request_id, reason,
              failed_gates
         FROM read_models.unauthorized_changes WHERE occurred_at >= $1 AND occurred_at < $2`;

/** Those that happened in [from, to), newest first. */
export async function unauthorizedChangesIn(
  pool: Pool,
  from: Date,
  to: Date,
): Promise<UnauthorizedChange[]> {
  const { rows } = await pool.query(
    `${UNAUTHORIZED_CHANGES_IN_PERIOD}
        ORDER BY occurred_at DESC, source, event_id`,
    [from, to],
  );
  return rows.map(unauthorizedChange);
}

export function unauthorizedChange(
  row: Omit<UnauthorizedChange, 'occurred_at'> & { occurred_at: Date },
): UnauthorizedChange {
  return { ...row, occurred_at: new Date(row.occurred_at).toISOString() };
}
