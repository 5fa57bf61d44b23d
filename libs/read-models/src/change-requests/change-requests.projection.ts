import {
  type ChangeRequest,
  asChangeRequestEvent,
  type ChangeRequestState,
  CHANGE_REQUEST_STREAMS,
  changeRequestIdOfStream,
  evolve,
  RETENTION_RUNS_STREAM,
} from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { type Projection } from '../projection/projection';
import { copyRows, insertRows, type Row } from '../projection/insert-rows';
import { prunedStreams } from '../retention/retention.projection';
import { storedChangeRequest } from '../projection/stored-change-request';
import { streamsToFold } from '../projection/streams-to-fold';

/**
 * Change requests' current state and the approvals queue. Each change request's events are
 * folded with the domain's own `evolve`, so a list, a queue and a decision never disagree about
 * what a change request is; the folded state is kept (jsonb) beside the columns lists filter on.
 */
export const changeRequestsProjection: Projection = {
  name: 'change-requests',
  // Change request streams only: `change-request-numbers-…` is the numbering, not a change.
  // …and the retention runs, whose pruned change requests leave every table of this projection.
  filter: { streamPrefixes: [CHANGE_REQUEST_STREAMS, RETENTION_RUNS_STREAM] },
  tables: ['change_requests', 'pending_approvals', 'deployments', 'incidents'],

  async apply(
    tx: ClientBase,
    events: readonly RecordedEvent[],
    table: (name: string) => string,
  ): Promise<void> {
    // A batch's events of one change request are folded in memory and written once.
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      if (!asChangeRequestEvent(event)) continue;
      const streamEvents = byStream.get(event.streamId);
      if (streamEvents) streamEvents.push(event);
      else byStream.set(event.streamId, [event]);
    }
    if (byStream.size > 0) await applyToMany(tx, byStream, table);
    // A pruned stream has no event after its run planned it, so it goes after any in this batch.
    const pruned = events
      .flatMap(prunedStreams)
      .flatMap((streamId) => changeRequestIdOfStream(streamId) ?? []);
    if (pruned.length > 0)
      for (const name of ['change_requests', 'pending_approvals', 'deployments', 'incidents'])
        await tx.query(`DELETE FROM ${table(name)} WHERE change_request_id = ANY($1::text[])`, [
          pruned,
        ]);
  },
};

/**
 * Folds each change request's new events onto its stored state and writes every table with one
 * COPY of the new rows and one multi-row upsert of the others (`insert-rows.ts`): a batch of
 * thousands of events costs a handful of round trips, not a handful per change.
 */
async function applyToMany(
  tx: ClientBase,
  byStream: ReadonlyMap<string, readonly RecordedEvent[]>,
  table: (name: string) => string,
): Promise<void> {
  const toFold = await streamsToFold<ChangeRequest>(
    tx,
    table('change_requests'),
    'change_request_id',
    byStream,
    (streamId) => changeRequestIdOfStream(streamId)!,
  );
  const changed: Changed[] = [];
  for (const { stored, fresh } of toFold) {
    const state = fresh.reduce<ChangeRequestState>(
      (current, event) => evolve(current, asChangeRequestEvent(event)!),
      stored ? storedChangeRequest(stored) : { status: 'absent' },
    );
    if (state.status !== 'absent')
      changed.push({ state, revision: fresh.at(-1)!.revision, isNew: !stored });
  }
  if (changed.length === 0) return;
  // A change request without a row has none in any of these tables (only this projection writes
  // them, and a pruned one leaves all four): its rows are COPYed, a third of the server's work of
  // an upsert; rows of stored change requests are upserted. During a rebuild nearly all are new.
  const added = changed.filter((change) => change.isNew);
  const updated = changed.filter((change) => !change.isNew);
  await copyRows(tx, table('change_requests'), added.map(changeRequestRow));
  // What this projection itself writes never leaves such rows, but one left behind by a hand fix
  // or an older version would fail the COPY on its key, and the halved batch would then upsert
  // over it, keeping its stale columns: they are cleared first (probes that find nothing, as a
  // rule). The approvals queue is rewritten whole for every change of the batch.
  if (added.length > 0)
    await tx.query(
      `DELETE FROM ${table('deployments')} WHERE change_request_id = ANY($1::text[])`,
      [added.map(({ state }) => state.id)],
    );
  if (updated.length > 0) {
    const changeRequests = updated.map(changeRequestRow);
    await insertRows(tx, table('change_requests'), changeRequests, {
      key: ['change_request_id'],
      update: Object.keys(changeRequests[0]!).slice(1),
    });
  }
  await copyRows(
    tx,
    table('deployments'),
    added.flatMap(({ state }) => deploymentRows(state)),
  );
  await insertRows(
    tx,
    table('deployments'),
    updated.flatMap(({ state }) => deploymentRows(state)),
    {
      key: ['change_request_id', 'deployed_at'],
      update: ['title', 'outcome', 'finished_at', 'authorized', 'unauthorized_reason'],
    },
  );
  // Two change requests may cite one incident: always upserted.
  await insertRows(tx, table('incidents'), incidentRows(changed.map(({ state }) => state)), {
    key: ['incident_id'],
    update: ['severity', 'review_due_at', 'reviewed_at'],
  });
  await tx.query(
    `DELETE FROM ${table('pending_approvals')} WHERE change_request_id = ANY($1::text[])`,
    [changed.map(({ state }) => state.id)],
  );
  await copyRows(
    tx,
    table('pending_approvals'),
    changed.flatMap(({ state }) => pendingApprovalRows(state)),
  );
}

interface Changed {
  state: ChangeRequest;
  revision: number;
  /** No row of it was stored before this batch. */
  isNew: boolean;
}

function changeRequestRow({ state, revision }: { state: ChangeRequest; revision: number }): Row {
  return {
    change_request_id: state.id,
    status: state.status,
    title: state.content.title,
    description: state.content.description,
    category: state.content.category,
    priority: state.content.priority,
    change_type: state.content.changeType,
    requester: state.requesterId,
    affected_systems: state.content.affectedSystems,
    emergency: state.emergency !== null,
    created_at: state.createdAt,
    approval_due_at: state.approvalDue?.dueAt ?? null,
    approved_at: state.approvedAt,
    implementation_started_at: state.implementationStartedAt,
    completed_at: state.completedAt,
    state,
    last_revision: revision,
    submitted_at: state.submittedAt,
    rolled_back_at: state.rolledBackAt,
    // Only a ChangeScheduled sets the window's end; a time proposed in the content is no schedule.
    scheduled_for: state.scheduledUntil ? state.scheduledFor : null,
    scheduled_until: state.scheduledUntil ?? null,
  };
}

/**
 * The change's deployment (its implementation), as its own row: authorized when it was approved
 * before (or took the emergency path) and no production deployment of it was recorded
 * unauthorized — by the deploy gate or otherwise (ADR 0022) — else why not.
 */
function deploymentRows(state: ChangeRequest): Row[] {
  if (!state.implementationStartedAt) return [];
  const outcome =
    { completed: 'successful', failed: 'failed', rolled_back: 'rolled_back' }[
      state.status as string
    ] ?? 'in_progress';
  const approvedBefore =
    state.approvedAt !== null && state.approvedAt <= state.implementationStartedAt;
  const unauthorized = state.unauthorizedDeployments.map(
    ({ source, id, reason }) => `${source}#${id}: ${reason}`,
  );
  return [
    {
      change_request_id: state.id,
      deployed_at: state.implementationStartedAt,
      environment: 'production',
      title: state.content.title,
      deployed_by: state.implementerId,
      outcome,
      finished_at: state.status === 'rolled_back' ? state.rolledBackAt : state.completedAt,
      emergency: state.emergency !== null,
      approved_before_deployment: approvedBefore,
      authorized: (approvedBefore || state.emergency !== null) && unauthorized.length === 0,
      unauthorized_reason: unauthorized.length === 0 ? null : unauthorized.join(' | '),
    },
  ];
}

/**
 * The changes' incidents, one row per incident id: two changes citing one incident leave what
 * upserting them one by one would (the first change keeps it, the last one's details win).
 */
function incidentRows(states: readonly ChangeRequest[]): Row[] {
  const byId = new Map<string, Row>();
  for (const state of states) {
    if (!state.incident) continue;
    const { incidentId, severity, review } = state.incident;
    byId.set(incidentId, {
      incident_id: incidentId,
      change_request_id: byId.get(incidentId)?.change_request_id ?? state.id,
      severity,
      review_due_at: review.dueAt,
      reviewed_at: review.metAt,
    });
  }
  return [...byId.values()];
}

function pendingApprovalRows(state: ChangeRequest): Row[] {
  return awaitedRoles(state).map((role) => ({
    change_request_id: state.id,
    role,
    title: state.content.title,
    priority: state.content.priority,
    category: state.content.category,
    requester: state.requesterId,
    requested_at: state.createdAt,
    due_at: state.approvalDue?.dueAt ?? null,
    retroactive: state.status !== 'pending_approval',
    escalated: state.missedDeadlines.includes('approval'),
  }));
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
