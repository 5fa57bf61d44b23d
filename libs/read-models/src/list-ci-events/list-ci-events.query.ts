import { type CiFact } from '@change-ledger/domain';
import { type Pool } from 'pg';
import { QueryConditions } from '../query-conditions';
import { decodeQueryCursor, InvalidCursorError, isIsoInstant, keysetPage } from '../query-cursor';

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

/** What CI reported, from the ci-events read model. `pool`: ledger_reader. */
export class ListCiEventsQuery {
  constructor(private readonly pool: Pool) {}

  /**
   * The CI facts recorded, newest first (by when they happened), `limit` at a time: `next_cursor`
   * of one page asks for the next. A cursor is refused unless it is one this method handed out.
   */
  async list(
    filters: CiEventFilters,
  ): Promise<{ ci_events: CiEventListed[]; next_cursor: string | null }> {
    const filter = new QueryConditions();
    const add = filter.add.bind(filter);
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
    const { rows } = await this.pool.query(
      `SELECT source, event_id, kind, format, source_type, occurred_at, received_at, environment,
              service, outcome, said, change_request_id, linked_by, delivered_by, transport,
              conflicts, reported_time_flags, unread, raw_sha256, fact
         FROM read_models.ci_events
        ${filter.where}
        ORDER BY occurred_at DESC, source DESC, event_id DESC
        LIMIT ${filter.param(filters.limit + 1)}`,
      filter.params,
    );
    const page = keysetPage(rows, filters.limit, ciEventListed, (last) => [
      last.occurred_at,
      last.source,
      last.id,
    ]);
    return { ci_events: page.items, next_cursor: page.next_cursor };
  }
}

function ciEventListed(row: Record<string, unknown>): CiEventListed {
  const { event_id: id, ...rest } = row;
  const fact = (row.fact ?? null) as CiFact | null;
  return {
    ...rest,
    id,
    occurred_at: new Date(row.occurred_at as Date).toISOString(),
    occurred_at_reported: fact?.occurredAtReported ?? null,
    received_at: new Date(row.received_at as Date).toISOString(),
    fact,
  } as CiEventListed;
}

/** A listing's cursor: [occurred_at, source, id] of the page's last row, as `list` wrote it. */
function decodeCiEventCursor(cursor: string): [string, string, string] {
  const [occurredAt, source, id] = decodeQueryCursor(cursor, 3);
  if (!isIsoInstant(occurredAt!)) throw new InvalidCursorError();
  return [occurredAt!, source!, id!];
}
