import { type ChangeRequest, pullRequestKey } from '@change-ledger/domain';
import { comparePositions, type GlobalPosition } from '@change-ledger/event-store';
import { stringify } from 'csv-stringify/sync';
import { type Pool } from 'pg';
import {
  decodeQueryCursor,
  encodeQueryCursor,
  InvalidCursorError,
  isIsoInstant,
} from '../query-cursor';
import { queryPages } from '../query-pages';

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

/** SOC-CHANGE-LOG: change id, description, author, approvers, deployment date, outcome, incidents. */
export interface ChangeLogEntry {
  change_id: string;
  title: string;
  description: string;
  author: string;
  approvers: string[];
  deployment_date: string;
  outcome: 'successful' | 'failed' | 'rolled_back' | 'in_progress';
  incidents: Array<{ incident_id: string; severity: string }>;
  category: string;
  emergency: boolean;
}

export interface Deployment {
  change_request_id: string;
  deployed_at: string;
  environment: string;
  title: string;
  deployed_by: string;
  outcome: 'in_progress' | 'successful' | 'failed' | 'rolled_back';
  finished_at: string | null;
  emergency: boolean;
  approved_before_deployment: boolean;
  /**
   * Approved before (or on the emergency path) and no production deployment of it recorded
   * unauthorized (ADR 0022); null on a row projected before that (rebuild change-requests).
   */
  authorized: boolean | null;
  unauthorized_reason: string | null;
}

export interface Incident {
  incident_id: string;
  change_request_id: string;
  severity: string;
  review_due_at: string;
  reviewed_at: string | null;
  review_overdue: boolean;
}

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

/** A row of SUMMARY_COLUMNS as pg returns it: the timestamptz columns come back as Dates. */
type SummaryRow = Omit<ChangeRequestSummary, SummaryTimestamp> & {
  [Column in SummaryTimestamp]: Column extends 'created_at' ? Date : Date | null;
};
type SummaryTimestamp =
  'created_at' | 'approval_due_at' | 'approved_at' | 'implementation_started_at' | 'completed_at';

const SUMMARY_COLUMNS = `change_request_id, status, title, category, priority, change_type, requester, affected_systems,
  emergency, created_at, approval_due_at, approved_at, implementation_started_at, completed_at`;

/** What approvers, dashboards and auditors read: the read models, never the event store. */
export class ChangeRequestQueries {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  async list(
    filters: ChangeRequestFilters,
  ): Promise<{ items: ChangeRequestSummary[]; next_cursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filters.status) add('status = ?', filters.status);
    if (filters.category) add('category = ?', filters.category);
    if (filters.priority) add('priority = ?', filters.priority);
    if (filters.changeType) add('change_type = ?', filters.changeType);
    if (filters.requester) add('requester = ?', filters.requester);
    if (filters.affectedSystem) add('affected_systems @> ARRAY[?]::text[]', filters.affectedSystem);
    if (filters.createdFrom) add('created_at >= ?', filters.createdFrom);
    if (filters.createdTo) add('created_at < ?', filters.createdTo);
    if (filters.text) add("search @@ websearch_to_tsquery('english', ?)", filters.text);
    if (filters.cursor) {
      const [createdAt, id] = decodeCursor(filters.cursor);
      params.push(createdAt, id);
      where.push(
        `(created_at, change_request_id) < ($${params.length - 1}::timestamptz, $${params.length})`,
      );
    }
    params.push(filters.limit + 1);
    const { rows } = await this.pool.query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM read_models.change_requests
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, change_request_id DESC
        LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, filters.limit).map(toSummary);
    const last = items[items.length - 1];
    return {
      items,
      next_cursor:
        rows.length > filters.limit && last
          ? encodeCursor(last.created_at, last.change_request_id)
          : null,
    };
  }

  /** What each approver role has pending, overdue first (earliest due first), then undated. */
  async pendingApprovals(role: string | undefined, now: Date): Promise<PendingApproval[]> {
    const { rows } = await this.pool.query(
      `SELECT change_request_id, role, title, priority, category, requester, requested_at, due_at,
              coalesce(due_at < $2, false) AS overdue, retroactive, escalated
         FROM read_models.pending_approvals
        WHERE $1::text IS NULL OR role = $1
        ORDER BY due_at ASC NULLS LAST, change_request_id, role`,
      [role ?? null, now],
    );
    return rows.map((row) => ({
      ...row,
      requested_at: iso(row.requested_at)!,
      due_at: iso(row.due_at),
    }));
  }

  /**
   * One page of the approvals queue (all roles, or one), in the order of `pendingApprovals`:
   * keyset-paged on (due time, undated last; change; role). Each shape (all roles or one, first
   * page or not) is its own statement, so even a prepared, generic plan reads one index range
   * in order (pending_approvals_queue, pending_approvals_role_queue) and stops at `limit`: the
   * hundredth page costs what the first does. A cursor names the queue it pages (the role, or
   * all), and is refused on another.
   */
  async pendingApprovalsPage(
    role: string | undefined,
    now: Date,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: PendingApproval[]; next_cursor: string | null }> {
    const scope = role ?? QUEUE_OF_ALL_ROLES;
    const after = page.cursor ? decodeQueueCursor(page.cursor, scope) : null;
    const params: unknown[] = [now, page.limit + 1];
    const where: string[] = [];
    if (role !== undefined) {
      params.push(role);
      where.push(`role = $${params.length}`);
    }
    if (after) {
      // Within one role (due, change) is unique already; across roles the role breaks ties.
      const key = role === undefined ? [after.due, after.id, after.role] : [after.due, after.id];
      params.push(...key);
      const placeholders = key.map((_, i) => `$${params.length - key.length + i + 1}`);
      placeholders[0] += '::timestamptz';
      where.push(`(${QUEUE_ORDER.slice(0, key.length).join(', ')}) > (${placeholders.join(', ')})`);
    }
    const { rows } = await this.pool.query(
      `SELECT change_request_id, role, title, priority, category, requester, requested_at, due_at,
              coalesce(due_at < $1, false) AS overdue, retroactive, escalated
         FROM read_models.pending_approvals
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${QUEUE_ORDER.join(', ')}
        LIMIT $2`,
      params,
    );
    const items = rows.slice(0, page.limit).map((row) => ({
      ...row,
      requested_at: iso(row.requested_at)!,
      due_at: iso(row.due_at),
    })) as PendingApproval[];
    const last = items[page.limit - 1];
    return {
      items,
      next_cursor:
        rows.length > page.limit && last
          ? Buffer.from(
              JSON.stringify([scope, last.due_at ?? 'infinity', last.change_request_id, last.role]),
            ).toString('base64url')
          : null,
    };
  }

  /** Production changes deployed in [from, to): the SOC 2 change log. */
  async changeLog(from: Date, to: Date): Promise<ChangeLogEntry[]> {
    const { rows } = await this.pool.query<{ state: ChangeRequest }>(
      `SELECT state FROM read_models.change_requests
        WHERE implementation_started_at >= $1 AND implementation_started_at < $2
        ORDER BY implementation_started_at, change_request_id`,
      [from, to],
    );
    return rows.map(({ state }) => changeLogEntry(state));
  }

  /**
   * Change requests whose current state was deployed, completed or rolled back in [from, to):
   * every change that can be in the audit population of the period, now or as of any earlier
   * instant (those times, once recorded, never change).
   */
  async populationCandidates(from: Date, to: Date): Promise<ChangeRequest[]> {
    const { rows } = await this.pool.query<{ state: ChangeRequest }>(
      `SELECT state FROM read_models.change_requests
        WHERE (implementation_started_at >= $1 AND implementation_started_at < $2)
           OR (completed_at >= $1 AND completed_at < $2)
           OR (rolled_back_at >= $1 AND rolled_back_at < $2)
        ORDER BY change_request_id`,
      [from, to],
    );
    return rows.map((row) => row.state);
  }

  /**
   * populationCandidates, `pageSize` at a time in one snapshot, ordered by id in byte order (the
   * ids are ASCII: the code-unit order the population is sorted in): what an export reads, so
   * its memory is one page however large the period.
   */
  populationCandidatePages(
    from: Date,
    to: Date,
    pageSize: number,
  ): AsyncGenerator<ChangeRequest[]> {
    return queryPages(
      this.pool,
      `SELECT state FROM read_models.change_requests
        WHERE (implementation_started_at >= $1 AND implementation_started_at < $2)
           OR (completed_at >= $1 AND completed_at < $2)
           OR (rolled_back_at >= $1 AND rolled_back_at < $2)
        ORDER BY change_request_id COLLATE "C"`,
      [from, to],
      pageSize,
      (row: { state: ChangeRequest }) => row.state,
    );
  }

  /**
   * Change requests that may have a deadline past due at `now` (the domain's overdueDeadlines
   * decides): pending past their approval due time, emergency changes, changes with an incident.
   */
  async deadlineCandidates(now: Date): Promise<ChangeRequest[]> {
    const { rows } = await this.pool.query<{ state: ChangeRequest }>(
      `SELECT state FROM read_models.change_requests
        WHERE status NOT IN ('cancelled', 'rejected')
          AND ((status = 'pending_approval' AND approval_due_at < $1) OR emergency OR jsonb_typeof(state->'incident') = 'object')`,
      [now],
    );
    return rows.map((row) => row.state);
  }

  /** Production deployments in [from, to), newest first. */
  async deployments(from: Date, to: Date): Promise<Deployment[]> {
    const { rows } = await this.pool.query(
      `SELECT change_request_id, deployed_at, environment, title, deployed_by, outcome, finished_at, emergency,
              approved_before_deployment, authorized, unauthorized_reason
         FROM read_models.deployments WHERE deployed_at >= $1 AND deployed_at < $2
        ORDER BY deployed_at DESC, change_request_id`,
      [from, to],
    );
    return rows.map((row) => ({
      ...row,
      deployed_at: iso(row.deployed_at)!,
      finished_at: iso(row.finished_at),
    }));
  }

  /** Incidents (every executed rollback is one), open ones (review not done) first. */
  async incidents(openOnly: boolean, now: Date): Promise<Incident[]> {
    const { rows } = await this.pool.query(
      `SELECT incident_id, change_request_id, severity, review_due_at, reviewed_at,
              reviewed_at IS NULL AND review_due_at < $2 AS review_overdue
         FROM read_models.incidents
        WHERE NOT $1 OR reviewed_at IS NULL
        ORDER BY reviewed_at IS NOT NULL, review_due_at, incident_id`,
      [openOnly, now],
    );
    return rows.map((row) => ({
      ...row,
      review_due_at: iso(row.review_due_at)!,
      reviewed_at: iso(row.reviewed_at),
    }));
  }

  /**
   * The change request that registered this commit (full or abbreviated SHA, 7+ characters),
   * pull request (the same `repository#change` key, pull-request-key.ts: never its number alone)
   * or artifact digest (contained in the reported artifact, e.g. a purl). One that may be
   * deployed is preferred, then the newest.
   */
  async registeredFor(reported: {
    commitSha: string | null;
    pullRequest: string | null;
    artifact: string | null;
    repository?: string;
  }): Promise<{
    changeRequestId: string;
    linkedBy: 'commit_sha' | 'pull_request' | 'artifact';
  } | null> {
    const artifact = reported.artifact ? safeDecode(reported.artifact).toLowerCase() : null;
    const key = pullRequestKey(reported.pullRequest, reported.repository);
    // The change part of the key narrows the rows; the key itself decides, below, in TypeScript.
    const change = key ? key.slice(key.lastIndexOf('#') + 1) : null;
    const { rows } = await this.pool.query<{
      change_request_id: string;
      by_commit: boolean;
      by_artifact: boolean;
      pr: string | null;
      repository: string | null;
    }>(
      `WITH links AS (
         SELECT change_request_id, status, created_at,
                lower(state->'content'->'links'->>'commitSha') AS sha,
                state->'content'->'links'->>'pullRequest' AS pr,
                state->'content'->'links'->>'repository' AS repository,
                lower(state->'content'->'links'->>'artifactDigest') AS digest
           FROM read_models.change_requests
          WHERE jsonb_typeof(state->'content'->'links') = 'object'),
       matches AS (
         SELECT change_request_id, status, created_at, pr, repository,
                coalesce($1::text IS NOT NULL AND length(sha) >= 7 AND length($1) >= 7
                          AND (starts_with(sha, lower($1)) OR starts_with(lower($1), sha)), false) AS by_commit,
                coalesce($2::text IS NOT NULL AND position($2 IN lower(pr)) > 0, false) AS by_pull_request,
                coalesce($3::text IS NOT NULL AND length(digest) >= 7 AND position(digest IN $3) > 0, false)
                  AS by_artifact
           FROM links)
       SELECT change_request_id, by_commit, by_artifact, pr, repository
         FROM matches
        WHERE by_commit OR by_pull_request OR by_artifact
        ORDER BY CASE WHEN status IN ('approved', 'scheduled', 'implementing') THEN 0
                      WHEN status = 'pending_approval' THEN 1 ELSE 2 END,
                 created_at DESC`,
      [reported.commitSha, change, artifact],
    );
    for (const row of rows) {
      const byPullRequest = key !== null && pullRequestKey(row.pr, row.repository) === key;
      if (!row.by_commit && !byPullRequest && !row.by_artifact) continue;
      return {
        changeRequestId: row.change_request_id,
        linkedBy: row.by_commit ? 'commit_sha' : byPullRequest ? 'pull_request' : 'artifact',
      };
    }
    return null;
  }

  /** Where a projection has got to: a client that must read its own write waits for its position. */
  async hasReached(projection: string, position: GlobalPosition): Promise<boolean> {
    const { rows } = await this.pool.query<{ commit: string; prepare: string }>(
      'SELECT commit, prepare FROM read_models.checkpoints WHERE projection = $1',
      [projection],
    );
    const row = rows[0];
    return (
      row !== undefined &&
      comparePositions({ commit: BigInt(row.commit), prepare: BigInt(row.prepare) }, position) >= 0
    );
  }
}

/** SOC-CHANGE-LOG's change log line of a deployed change. */
export function changeLogEntry(state: ChangeRequest): ChangeLogEntry {
  return {
    change_id: state.id,
    title: state.content.title,
    description: state.content.description,
    author: state.requesterId,
    approvers: state.approvals.map((approval) => approval.approverId),
    deployment_date: state.implementationStartedAt!,
    outcome: OUTCOMES[state.status] ?? 'in_progress',
    incidents: state.incident
      ? [{ incident_id: state.incident.incidentId, severity: state.incident.severity }]
      : [],
    category: state.content.category,
    emergency: state.emergency !== null,
  };
}

const OUTCOMES: Record<string, ChangeLogEntry['outcome']> = {
  completed: 'successful',
  failed: 'failed',
  rolled_back: 'rolled_back',
};

export function changeLogCsv(entries: readonly ChangeLogEntry[]): string {
  return stringify(
    entries.map((entry) => [
      entry.change_id,
      entry.title,
      entry.description,
      entry.author,
      entry.approvers.join('; '),
      entry.deployment_date,
      entry.outcome,
      entry.incidents
        .map((incident) => `${incident.incident_id} (${incident.severity})`)
        .join('; '),
      entry.category,
      entry.emergency ? 'yes' : 'no',
    ]),
    {
      header: true,
      columns: [
        'change_id',
        'title',
        'description',
        'author',
        'approvers',
        'deployment_date',
        'outcome',
        'incidents',
        'category',
        'emergency',
      ],
    },
  );
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

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : ((value as string | null) ?? null);
}

function encodeCursor(createdAt: string, id: string): string {
  return encodeQueryCursor([createdAt, id]);
}

function decodeCursor(cursor: string): [string, string] {
  const [createdAt, id] = decodeQueryCursor(cursor, 2);
  // Only an instant as encodeCursor writes it reaches PostgreSQL's cast: a forged one is a 400.
  if (!isIsoInstant(createdAt!)) throw new InvalidCursorError();
  return [createdAt!, id!];
}

/** The queue a cursor pages: one role's, or this for all roles' (no role is named `*`). */
const QUEUE_OF_ALL_ROLES = '*';
/** The queue's sort key, as the indexes pending_approvals_queue and …_role_queue hold it. */
const QUEUE_ORDER = ["coalesce(due_at, 'infinity'::timestamptz)", 'change_request_id', 'role'];

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

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
