import { type Pool } from 'pg';
import { QueryConditions } from '../query-conditions';
import { decodeQueryCursor, InvalidCursorError, isIsoInstant, keysetPage } from '../query-cursor';
import { iso } from '../query-rows';

export interface ChangeRequestFilters {
  status?: string;
  category?: string;
  priority?: string;
  changeType?: string;
  requester?: string;
  affectedSystem?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Full text over title and description (web-search syntax: words, "phrases", -exclusions). */
  text?: string;
  cursor?: string;
  limit: number;
}

export interface ChangeRequestSummary {
  change_request_id: string;
  status: string;
  title: string;
  category: string;
  priority: string;
  change_type: string;
  requester: string;
  affected_systems: string[];
  emergency: boolean;
  created_at: string;
  approval_due_at: string | null;
  approved_at: string | null;
  implementation_started_at: string | null;
  completed_at: string | null;
}

/** A row of SUMMARY_COLUMNS as pg returns it: the timestamptz columns come back as Dates. */
type SummaryRow = Omit<ChangeRequestSummary, SummaryTimestamp> & {
  [Column in SummaryTimestamp]: Column extends 'created_at' ? Date : Date | null;
};
type SummaryTimestamp =
  'created_at' | 'approval_due_at' | 'approved_at' | 'implementation_started_at' | 'completed_at';

const SUMMARY_COLUMNS = `change_request_id, status, title, category, priority, change_type, requester, affected_systems,
  emergency, created_at, approval_due_at, approved_at, implementation_started_at, completed_at`;

/** The change requests, filtered and paged, newest first: read_models.change_requests. */
export class ListChangeRequestsQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  async list(
    filters: ChangeRequestFilters,
  ): Promise<{ items: ChangeRequestSummary[]; next_cursor: string | null }> {
    const filter = new QueryConditions();
    const add = filter.add.bind(filter);
    if (filters.status) add('status = ?', filters.status);
    if (filters.category) add('category = ?', filters.category);
    if (filters.priority) add('priority = ?', filters.priority);
    if (filters.changeType) add('change_type = ?', filters.changeType);
    if (filters.requester) add('requester = ?', filters.requester);
    if (filters.affectedSystem) add('affected_systems @> ARRAY[?]::text[]', filters.affectedSystem);
    if (filters.createdFrom) add('created_at >= ?', filters.createdFrom);
    if (filters.createdTo) add('created_at < ?', filters.createdTo);
    if (filters.text) add("search @@ websearch_to_tsquery('english', ?)", filters.text);
    if (filters.cursor)
      add('(created_at, change_request_id) < (?::timestamptz, ?)', ...decodeCursor(filters.cursor));
    const { rows } = await this.pool.query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM read_models.change_requests
        ${filter.where}
        ORDER BY created_at DESC, change_request_id DESC
        LIMIT ${filter.param(filters.limit + 1)}`,
      filter.params,
    );
    return keysetPage(rows, filters.limit, toSummary, (last) => [
      last.created_at,
      last.change_request_id,
    ]);
  }
}

function toSummary(row: SummaryRow): ChangeRequestSummary {
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    approval_due_at: iso(row.approval_due_at),
    approved_at: iso(row.approved_at),
    implementation_started_at: iso(row.implementation_started_at),
    completed_at: iso(row.completed_at),
  };
}

/** A listing's cursor: [created_at, id] of the page's last row, as `list` wrote it. */
function decodeCursor(cursor: string): [string, string] {
  const [createdAt, id] = decodeQueryCursor(cursor, 2);
  // Only an instant as `list` writes it reaches PostgreSQL's cast: a forged one is a 400.
  if (!isIsoInstant(createdAt!)) throw new InvalidCursorError();
  return [createdAt!, id!];
}
