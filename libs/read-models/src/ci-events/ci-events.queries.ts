import { type CiFact } from '@change-ledger/domain';
import { type Pool } from 'pg';
import {
  decodeQueryCursor,
  encodeQueryCursor,
  InvalidCursorError,
  isIsoInstant,
} from '../query-cursor';
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

/** The filters of the CI facts' listing; each is checked before it gets here (the API's DTO). */
export interface CiEventFilters {
  changeRequestId?: string;
  source?: string;
  kind?: string;
  environment?: string;
  outcome?: string;
  /** When it happened, [from, to). */
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

/** One CI fact as the listing answers it: where it came from, what it said, what was not read. */
export interface CiEventListed {
  source: string;
  id: string;
  kind: string;
  format: string;
  source_type: string;
  occurred_at: string;
  occurred_at_reported: string | null;
  received_at: string;
  environment: string | null;
  service: string | null;
  outcome: string | null;
  said: string | null;
  change_request_id: string | null;
  linked_by: string | null;
  delivered_by: string;
  transport: Record<string, unknown>;
  conflicts: number;
  reported_time_flags: string[];
  unread: string[];
  raw_sha256: string | null;
  /** The fact as recorded; null for a row projected before issue 26 (`ledger rebuild ci-events`). */
  fact: CiFact | null;
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

  /**
   * The CI facts recorded, newest first (by when they happened), `limit` at a time: `next_cursor`
   * of one page asks for the next. A cursor is refused unless it is one this method handed out.
   */
  async list(
    filters: CiEventFilters,
  ): Promise<{ ci_events: CiEventListed[]; next_cursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        params.push(value);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if (filters.changeRequestId) add('change_request_id = ?', filters.changeRequestId);
    if (filters.source) add('source = ?', filters.source);
    if (filters.kind) add('kind = ?', filters.kind);
    if (filters.environment) add('environment = ?', filters.environment);
    if (filters.outcome) add('outcome = ?', filters.outcome);
    if (filters.from) add('occurred_at >= ?', filters.from);
    if (filters.to) add('occurred_at < ?', filters.to);
    if (filters.cursor) {
      const [occurredAt, source, id] = decodeCiEventCursor(filters.cursor);
      add('(occurred_at, source, event_id) < (?::timestamptz, ?, ?)', occurredAt, source, id);
    }
    params.push(filters.limit + 1);
    const { rows } = await this.pool.query(
      `SELECT source, event_id, kind, format, source_type, occurred_at, received_at, environment,
              service, outcome, said, change_request_id, linked_by, delivered_by, transport,
              conflicts, reported_time_flags, unread, raw_sha256, fact
         FROM read_models.ci_events
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY occurred_at DESC, source DESC, event_id DESC
        LIMIT $${params.length}`,
      params,
    );
    const listed: CiEventListed[] = rows.slice(0, filters.limit).map((row) => {
      const { event_id: id, ...rest } = row;
      const fact = (row.fact ?? null) as CiFact | null;
      return {
        ...rest,
        id,
        occurred_at: new Date(row.occurred_at).toISOString(),
        occurred_at_reported: fact?.occurredAtReported ?? null,
        received_at: new Date(row.received_at).toISOString(),
        fact,
      };
    });
    const last = listed.at(-1);
    return {
      ci_events: listed,
      next_cursor:
        rows.length > filters.limit && last
          ? encodeQueryCursor([last.occurred_at, last.source, last.id])
          : null,
    };
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

/** A listing's cursor: [occurred_at, source, id] of the page's last row, as `list` wrote it. */
function decodeCiEventCursor(cursor: string): [string, string, string] {
  const [occurredAt, source, id] = decodeQueryCursor(cursor, 3);
  if (!isIsoInstant(occurredAt!)) throw new InvalidCursorError();
  return [occurredAt!, source!, id!];
}
