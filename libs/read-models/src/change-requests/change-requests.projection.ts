import {
  type ChangeRequest,
  asChangeRequestEvent,
  type ChangeRequestState,
  evolve,
  RETENTION_RUNS_STREAM,
} from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { type Projection } from '../projection/projection';
import { prunedStreams } from '../retention/retention.projection';

/**
 * Change requests' current state and the approvals queue. Each change request's events are
 * folded with the domain's own `evolve`, so a list, a queue and a decision never disagree about
 * what a change request is; the folded state is kept (jsonb) beside the columns lists filter on.
 */
export const changeRequestsProjection: Projection = {
  name: 'change-requests',
  // Change request streams only: `change-request-numbers-…` is the numbering, not a change.
  // …and the retention runs, whose pruned change requests leave every table of this projection.
  filter: { streamPrefixes: ['change-request-CHG-', RETENTION_RUNS_STREAM] },
  tables: ['change_requests', 'pending_approvals', 'deployments', 'incidents'],

  async apply(
    tx: ClientBase,
    events: readonly RecordedEvent[],
    table: (name: string) => string,
  ): Promise<void> {
    // A batch's events of one change request are folded in memory and written once.
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      if (asChangeRequestEvent(event))
        byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    }
    for (const streamEvents of byStream.values()) await applyToOne(tx, streamEvents, table);
    // A pruned stream has no event after its run planned it, so it goes after any in this batch.
    const pruned = events
      .flatMap(prunedStreams)
      .filter((streamId) => streamId.startsWith('change-request-'))
      .map((streamId) => streamId.slice('change-request-'.length));
    if (pruned.length > 0)
      for (const name of ['change_requests', 'pending_approvals', 'deployments', 'incidents'])
        await tx.query(`DELETE FROM ${table(name)} WHERE change_request_id = ANY($1::text[])`, [
          pruned,
        ]);
  },
};

async function applyToOne(
  tx: ClientBase,
  events: readonly RecordedEvent[],
  table: (name: string) => string,
): Promise<void> {
  const id = events[0]!.streamId.slice('change-request-'.length);
  const { rows } = await tx.query<{ state: ChangeRequest; last_revision: string }>(
    `SELECT state, last_revision FROM ${table('change_requests')} WHERE change_request_id = $1 FOR UPDATE`,
    [id],
  );
  const row = rows[0];
  // The checkpoint already makes this exactly-once; the revision guard keeps a replay harmless.
  const fresh = events.filter((event) => !row || event.revision > Number(row.last_revision));
  if (fresh.length === 0) return;
  const state = fresh.reduce<ChangeRequestState>(
    (current, event) => evolve(current, asChangeRequestEvent(event)!),
    // A state stored before CI facts existed has none yet.
    row ? { ...row.state, ciFacts: row.state.ciFacts ?? [] } : { status: 'absent' },
  );
  if (state.status === 'absent') return;
  const revision = fresh[fresh.length - 1]!.revision;

  await tx.query(
    `INSERT INTO ${table('change_requests')} (change_request_id, status, title, description, category, priority,
         change_type, requester, affected_systems, emergency, created_at, approval_due_at, approved_at,
         implementation_started_at, completed_at, state, last_revision, submitted_at, rolled_back_at,
         scheduled_for, scheduled_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
       ON CONFLICT (change_request_id) DO UPDATE SET status = $2, title = $3, description = $4, category = $5,
         priority = $6, change_type = $7, requester = $8, affected_systems = $9, emergency = $10, created_at = $11,
         approval_due_at = $12, approved_at = $13, implementation_started_at = $14, completed_at = $15,
         state = $16, last_revision = $17, submitted_at = $18, rolled_back_at = $19,
         scheduled_for = $20, scheduled_until = $21`,
    [
      state.id,
      state.status,
      state.content.title,
      state.content.description,
      state.content.category,
      state.content.priority,
      state.content.changeType,
      state.requesterId,
      state.content.affectedSystems,
      state.emergency !== null,
      state.createdAt,
      state.approvalDue?.dueAt ?? null,
      state.approvedAt,
      state.implementationStartedAt,
      state.completedAt,
      JSON.stringify(state),
      revision,
      state.submittedAt,
      state.rolledBackAt,
      // Only a ChangeScheduled sets the window's end; a time proposed in the content is no schedule.
      state.scheduledUntil ? state.scheduledFor : null,
      state.scheduledUntil ?? null,
    ],
  );

  await projectDeploymentAndIncident(tx, state, table);
  await tx.query(`DELETE FROM ${table('pending_approvals')} WHERE change_request_id = $1`, [id]);
  const awaited = awaitedRoles(state);
  if (awaited.length === 0) return;
  await tx.query(
    `INSERT INTO ${table('pending_approvals')} (change_request_id, role, title, priority, category, requester,
         requested_at, due_at, retroactive, escalated)
       SELECT $1, role, $3, $4, $5, $6, $7, $8, $9, $10 FROM unnest($2::text[]) AS role`,
    [
      id,
      awaited,
      state.content.title,
      state.content.priority,
      state.content.category,
      state.requesterId,
      state.createdAt,
      state.approvalDue?.dueAt ?? null,
      state.status !== 'pending_approval',
      state.missedDeadlines.includes('approval'),
    ],
  );
}

/** The change's deployment (its implementation) and its incident, as their own rows. */
async function projectDeploymentAndIncident(
  tx: ClientBase,
  state: ChangeRequest,
  table: (name: string) => string,
): Promise<void> {
  if (state.implementationStartedAt) {
    const outcome =
      { completed: 'successful', failed: 'failed', rolled_back: 'rolled_back' }[
        state.status as string
      ] ?? 'in_progress';
    const finishedAt = state.status === 'rolled_back' ? state.rolledBackAt : state.completedAt;
    await tx.query(
      `INSERT INTO ${table('deployments')} (change_request_id, deployed_at, environment, title, deployed_by, outcome,
         finished_at, emergency, approved_before_deployment)
       VALUES ($1, $2, 'production', $3, $4, $5, $6, $7, $8)
       ON CONFLICT (change_request_id, deployed_at) DO UPDATE SET title = $3, outcome = $5, finished_at = $6`,
      [
        state.id,
        state.implementationStartedAt,
        state.content.title,
        state.implementerId,
        outcome,
        finishedAt,
        state.emergency !== null,
        state.approvedAt !== null && state.approvedAt <= state.implementationStartedAt,
      ],
    );
  }
  if (state.incident) {
    await tx.query(
      `INSERT INTO ${table('incidents')} (incident_id, change_request_id, severity, review_due_at, reviewed_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (incident_id) DO UPDATE SET severity = $3, review_due_at = $4, reviewed_at = $5`,
      [
        state.incident.incidentId,
        state.id,
        state.incident.severity,
        state.incident.review.dueAt,
        state.incident.review.metAt,
      ],
    );
  }
}

/**
 * The roles a change request waits on: before approval, or, for an emergency change implemented
 * before approval, until it is approved after the fact.
 */
export function awaitedRoles(state: ChangeRequest): string[] {
  const retroactive =
    state.emergency !== null && state.implementationStartedAt !== null && state.approvedAt === null;
  if (state.status !== 'pending_approval' && !retroactive) return [];
  if (['rejected', 'cancelled'].includes(state.status)) return [];
  const given = new Set(state.approvals.map((approval) => approval.role));
  return state.requiredApprovals
    .map((required) => required.role)
    .filter((role) => !given.has(role));
}
