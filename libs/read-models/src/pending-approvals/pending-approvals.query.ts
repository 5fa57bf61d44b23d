import { type Pool } from 'pg';
import { QueryConditions } from '../query-conditions';
import { decodeQueryCursor, InvalidCursorError, isIsoInstant, keysetPage } from '../query-cursor';
import { iso } from '../query-rows';

export interface PendingApproval {
  change_request_id: string;
  role: string;
  title: string;
  priority: string;
  category: string;
  requester: string;
  requested_at: string;
  due_at: string | null;
  overdue: boolean;
  retroactive: boolean;
  /** The approval timeout was recorded as missed (DeadlineMissed): escalated. */
  escalated: boolean;
}

/** The queue's columns; `$1` is now, against which a due time is overdue. */
const QUEUE_COLUMNS = `change_request_id, role, title, priority, category, requester, requested_at, due_at,
              coalesce(due_at < $1, false) AS overdue, retroactive, escalated`;

/** The queue a cursor pages: one role's, or this for all roles' (no role is named `*`). */
const QUEUE_OF_ALL_ROLES = '*';
/** The queue's sort key, as the indexes pending_approvals_queue and …_role_queue hold it. */
const QUEUE_ORDER = ["coalesce(due_at, 'infinity'::timestamptz)", 'change_request_id', 'role'];

/** The approvals queue: what each approver role has pending (read_models.pending_approvals). */
export class PendingApprovalsQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /**
   * One page of the queue (all roles, or one), overdue first (earliest due first), then undated:
   * keyset-paged on (due time, undated last; change; role). Each shape (all roles or one, first
   * page or not) is its own statement, so even a prepared, generic plan reads one index range
   * in order (pending_approvals_queue, pending_approvals_role_queue) and stops at `limit`: the
   * hundredth page costs what the first does. A cursor names the queue it pages (the role, or
   * all), and is refused on another.
   */
  async page(
    role: string | undefined,
    now: Date,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: PendingApproval[]; next_cursor: string | null }> {
    const scope = role ?? QUEUE_OF_ALL_ROLES;
    const after = page.cursor ? decodeQueueCursor(page.cursor, scope) : null;
    const filter = new QueryConditions([now, page.limit + 1]);
    if (role !== undefined) filter.add('role = ?', role);
    if (after) {
      // Within one role (due, change) is unique already; across roles the role breaks ties.
      const key = role === undefined ? [after.due, after.id, after.role] : [after.due, after.id];
      const placeholders = key.map((_, i) => (i === 0 ? '?::timestamptz' : '?'));
      filter.add(
        `(${QUEUE_ORDER.slice(0, key.length).join(', ')}) > (${placeholders.join(', ')})`,
        ...key,
      );
    }
    const { rows } = await this.pool.query(
      `SELECT ${QUEUE_COLUMNS}
         FROM read_models.pending_approvals
        ${filter.where}
        ORDER BY ${QUEUE_ORDER.join(', ')}
        LIMIT $2`,
      filter.params,
    );
    return keysetPage(rows, page.limit, pendingApproval, (last) => [
      scope,
      last.due_at ?? 'infinity',
      last.change_request_id,
      last.role,
    ]);
  }

  /**
   * The whole queue in the order of `page`, unpaged: the reference the pages are checked against
   * (and the query they replaced, in `npm run bench:projections`).
   */
  async all(role: string | undefined, now: Date): Promise<PendingApproval[]> {
    const { rows } = await this.pool.query(
      `SELECT ${QUEUE_COLUMNS}
         FROM read_models.pending_approvals
        WHERE $2::text IS NULL OR role = $2
        ORDER BY due_at ASC NULLS LAST, change_request_id, role`,
      [now, role ?? null],
    );
    return rows.map(pendingApproval);
  }
}

function pendingApproval(row: Record<string, unknown>): PendingApproval {
  return {
    ...row,
    requested_at: iso(row.requested_at)!,
    due_at: iso(row.due_at),
  } as PendingApproval;
}

function decodeQueueCursor(
  cursor: string,
  scope: string,
): { due: string; id: string; role: string } {
  const [cursorScope, due, id, role] = decodeQueryCursor(cursor, 4);
  if (cursorScope !== scope)
    throw new InvalidCursorError(
      scope === QUEUE_OF_ALL_ROLES
        ? "pages one role's queue: ask with that role, or start again without a cursor"
        : `pages ${cursorScope === QUEUE_OF_ALL_ROLES ? "all roles' queue" : "another role's queue"}: start again without a cursor`,
    );
  // Only what this file writes (an ISO instant or `infinity`) reaches PostgreSQL's cast.
  if (due !== 'infinity' && !isIsoInstant(due!)) throw new InvalidCursorError();
  return { due: due!, id: id!, role: role! };
}
