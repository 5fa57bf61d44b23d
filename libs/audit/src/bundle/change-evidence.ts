import {
  presentChangeRequest,
  presentHistory,
  presentRecordedGate,
} from '@change-ledger/change-requests';
import {
  asChangeRequestEvent,
  type ChangeRequest,
  type ChangeRequestEvent,
  type CiFact,
  describeCiFact,
  evaluateDeployGates,
  type Policy,
  type RecordedGate,
  rehydrate,
  unreadOf,
} from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { renderSummaryHtml } from './summary-html';

/** The policy of a version, from the policy versions the bundle carries; undefined if unknown. */
export type PolicyOfVersion = (version: string) => Policy | undefined;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The files of one change request's folder that are derived from its events: written by the
 * export, re-derived by the offline verifier from events.jsonl and compared byte for byte, so
 * "the history is what the events fold to" is checked, not trusted.
 */
export function changeEvidenceFiles(
  changeRequestId: string,
  events: readonly RecordedEvent[],
  leafIndexes: ReadonlyMap<string, number>,
  policyOf: PolicyOfVersion,
): Map<string, string> {
  const state = fold(events);
  const history = presentHistory(changeRequestId, events, leafIndexes);
  const approvals = approvalsOf(state, events);
  const ciFacts = ciFactsOf(events);
  const gates = gatesOf(events, policyOf);
  const outcome = outcomeOf(state, events);
  const files = new Map<string, string>([
    ['history.json', json(history)],
    ['change-request.json', json(state ? presentChangeRequest(state) : null)],
    ['approvals.json', json(approvals)],
    ['ci-facts.json', json(ciFacts)],
    ['gates.json', json(gates)],
    ['outcome.json', json(outcome)],
  ]);
  files.set(
    'summary.html',
    renderSummaryHtml({
      changeRequestId,
      change: state ? presentChangeRequest(state) : null,
      history: history.history,
      approvals,
      ciFacts,
      gates,
      outcome,
    }),
  );
  return files;
}

function fold(events: readonly RecordedEvent[]): ChangeRequest | null {
  const state = rehydrate(domainEvents(events));
  return state.status === 'absent' ? null : state;
}

function domainEvents(events: readonly RecordedEvent[]): ChangeRequestEvent[] {
  return events.flatMap((event) => asChangeRequestEvent(event) ?? []);
}

const ofType = (events: readonly RecordedEvent[], ...types: string[]) =>
  events.filter((event) => types.includes(event.type));

/** Who approved, in which role, holding which roles, under which policy version; never the author. */
function approvalsOf(state: ChangeRequest | null, events: readonly RecordedEvent[]) {
  const submitted = ofType(events, 'ChangeRequestSubmitted').at(-1);
  return {
    requester: state?.requesterId ?? null,
    required_by_policy_version: submitted ? String(submitted.data.policyVersion) : null,
    required: state?.requiredApprovals.map((required) => required.role) ?? [],
    approvals: ofType(events, 'ChangeApproved').map((event) => ({
      approver: event.metadata.actor.id,
      approved_as: event.data.role ?? null,
      approver_roles: event.metadata.actor.roles,
      authenticated_by: event.metadata.actor.authenticatedBy,
      approved_at: event.data.at ?? event.metadata.occurredAt,
      recorded_at: event.metadata.recordedAt,
      policy_version: event.data.policyVersion ?? null,
      content_version: event.data.contentVersion ?? null,
      retroactive: event.data.retroactive ?? false,
      comments: event.data.comments ?? null,
      conditions: event.data.conditions ?? [],
      approver_is_requester: event.metadata.actor.id === state?.requesterId,
      event_id: event.id,
    })),
    voided: ofType(events, 'ApprovalsVoided').map((event) => ({
      voided: event.data.voided,
      reason: event.data.reason,
      event_id: event.id,
    })),
    rejections: ofType(events, 'ChangeRequestRejected').map((event) => ({
      by: event.metadata.actor.id,
      role: event.data.role,
      reason: event.data.reason,
      event_id: event.id,
    })),
  };
}

/**
 * What CI reported about the change, with what each fact said in words, what of its message the
 * ledger did not read, and the credential and transport it came through.
 */
function ciFactsOf(events: readonly RecordedEvent[]) {
  return ofType(events, 'DeploymentRecorded', 'RollbackRecorded', 'CiEvidenceRecorded').map(
    (event) => ({
      event_type: event.type,
      fact: event.data.fact,
      ...whatItSaid(event),
      authorized: event.data.authorized ?? null,
      reason: event.data.reason ?? null,
      // The deploy gate's answer a production deployment was recorded with (ADR 0022).
      gate: presentRecordedGate(event.data.gate as RecordedGate | null | undefined),
      reported_by: event.metadata.actor.id,
      reported_through: event.metadata.source,
      recorded_at: event.metadata.recordedAt,
      event_id: event.id,
    }),
  );
}

/** What a CI fact's event said in words, and what of its message was not read. */
function whatItSaid(event: RecordedEvent): { said: string | null; unread: string[] } {
  const typed = asChangeRequestEvent(event);
  const fact: CiFact | undefined =
    typed && 'fact' in typed.data ? (typed.data.fact as CiFact | undefined) : undefined;
  return fact ? { said: describeCiFact(fact), unread: unreadOf(fact) } : { said: null, unread: [] };
}

/**
 * SOC-GATES's gates as they stood when implementation started. A production deployment that started
 * it recorded the gate's answer (ADR 0022): that answer, as it was. A start without one (by hand,
 * or recorded before ADR 0022): the state folded up to that event, evaluated by the domain's own
 * gate function under the policy version the change was submitted under (an emergency change
 * takes the emergency path), with the change's own exceptions — exceptions for a service and a
 * period are not part of a change's evidence then.
 */
function gatesOf(events: readonly RecordedEvent[], policyOf: PolicyOfVersion) {
  const started = events.findIndex((event) => event.type === 'ChangeImplementationStarted');
  if (started < 0) return { evaluated_at: null, reason: 'never implemented', decision: null };
  const deployment = events[started - 1];
  const recorded =
    deployment?.type === 'DeploymentRecorded'
      ? presentRecordedGate(deployment.data.gate as RecordedGate | null | undefined)
      : null;
  if (recorded)
    return { recorded_with: 'DeploymentRecorded', event_id: deployment!.id, ...recorded };
  const before = fold(events.slice(0, started));
  const at = String(events[started]!.data.at);
  if (!before) return { evaluated_at: at, reason: 'no change request before', decision: null };
  const policy = policyOf(before.policyVersion);
  if (!policy)
    return {
      evaluated_at: at,
      reason: `policy version ${before.policyVersion} is not in the bundle`,
      decision: null,
    };
  const decision = evaluateDeployGates(before, 'production', policy, at, []);
  return {
    recorded_with: null,
    evaluated_at: at,
    policy_version: before.policyVersion,
    decision: decision.decision,
    gates: decision.gates,
  };
}

function outcomeOf(state: ChangeRequest | null, events: readonly RecordedEvent[]) {
  const described = (types: string[]) =>
    ofType(events, ...types).map((event) => ({
      event_type: event.type,
      by: event.metadata.actor.id,
      at: event.data.at ?? event.metadata.occurredAt,
      data: event.data,
      event_id: event.id,
    }));
  return {
    status: state?.status ?? null,
    implementation: described(['ChangeImplementationStarted']),
    verification: described(['ChangeVerified']),
    completion: described(['ChangeCompleted', 'ChangeFailed']),
    rollback: described(['ChangeRolledBack']),
    incident: described(['IncidentRecorded']),
    reviews: described(['ChangeReviewed']),
    emergency: state?.emergency
      ? {
          documentation: state.emergency.documentation,
          post_hoc_review: state.emergency.postHocReview,
          documented: described(['EmergencyChangeDocumented']),
          retroactive_approval: described(['EmergencyChangeRetroactivelyApproved']),
        }
      : null,
    deadlines_missed: described(['DeadlineMissed']),
  };
}

export type ApprovalsEvidence = ReturnType<typeof approvalsOf>;
export type CiFactsEvidence = ReturnType<typeof ciFactsOf>;
export type GatesEvidence = ReturnType<typeof gatesOf>;
export type OutcomeEvidence = ReturnType<typeof outcomeOf>;
