import { type Pool } from 'pg';
import { queryPages } from '../query-pages';

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

export interface CiEventRow {
  source: string;
  event_id: string;
  kind: string;
  format: string;
  source_type: string;
  occurred_at: string;
  received_at: string;
  actor: string | null;
  environment: string | null;
  service: string | null;
  outcome: string | null;
  change_request_id: string | null;
  linked_by: string | null;
  delivered_by: string;
  transport: Record<string, unknown>;
  conflicts: number;
}

/** What CI reported, and the unauthorized production changes among it. `pool`: ledger_reader. */
export class CiEventQueries {
  constructor(private readonly pool: Pool) {}

  /** Unauthorized production changes that happened in [from, to), newest first. */
  async unauthorizedChanges(from: Date, to: Date): Promise<UnauthorizedChange[]> {
    const { rows } = await this.pool.query(
      `SELECT source, event_id, kind, occurred_at, environment, service, actor, change_request_id, reason,
              failed_gates
         FROM read_models.unauthorized_changes WHERE occurred_at >= $1 AND occurred_at < $2
        ORDER BY occurred_at DESC, source, event_id`,
      [from, to],
    );
    return rows.map(unauthorizedChange);
  }

  /**
   * The unauthorized changes of [from, to), `pageSize` at a time in one snapshot, ordered by the
   * audit population's member id (`ci:<source>#<event id>`) in byte order, which for UTF-8 is
   * code-point order: what an export reads, so its memory is one page however many there are.
   */
  unauthorizedChangePages(
    from: Date,
    to: Date,
    pageSize: number,
  ): AsyncGenerator<UnauthorizedChange[]> {
    return queryPages(
      this.pool,
      `SELECT source, event_id, kind, occurred_at, environment, service, actor, change_request_id, reason,
              failed_gates
         FROM read_models.unauthorized_changes WHERE occurred_at >= $1 AND occurred_at < $2
        ORDER BY ('ci:' || source || '#' || event_id) COLLATE "C"`,
      [from, to],
      pageSize,
      unauthorizedChange,
    );
  }

  /** CI events received in [from, to), optionally of one change request, newest first. */
  async received(from: Date, to: Date, changeRequestId?: string): Promise<CiEventRow[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM read_models.ci_events
        WHERE received_at >= $1 AND received_at < $2 AND ($3::text IS NULL OR change_request_id = $3)
        ORDER BY received_at DESC, source, event_id LIMIT 1000`,
      [from, to, changeRequestId ?? null],
    );
    return rows.map((row) => ({
      ...row,
      occurred_at: new Date(row.occurred_at).toISOString(),
      received_at: new Date(row.received_at).toISOString(),
    }));
  }

  /** In [from, to); of one service (the system a dashboard filters on) when given. */
  async countUnauthorized(from: Date, to: Date, service?: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      `SELECT count(*) FROM read_models.unauthorized_changes
        WHERE occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR service = $3)`,
      [from, to, service ?? null],
    );
    return Number(rows[0]!.count);
  }
}

function unauthorizedChange(row: Omit<UnauthorizedChange, 'occurred_at'> & { occurred_at: Date }) {
  return { ...row, occurred_at: new Date(row.occurred_at).toISOString() };
}
