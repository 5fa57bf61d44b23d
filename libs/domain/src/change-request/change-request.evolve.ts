import { addMinutes } from './business-time';
import { metDeadline } from './deadlines';

/** The window of a ChangeScheduled recorded before the calendar: the API's default two hours. */
const LEGACY_WINDOW_MINUTES = 120;
import {
  type ChangeApproved,
  type ChangeImplementationStarted,
  type ChangeRequestAmended,
  type ChangeRequestCreated,
  type ChangeRequestEvent,
  type ChangeReviewed,
  type DeploymentRecorded,
  type PolicyExceptionApproved,
  type PolicyExceptionRequested,
  type PolicyExceptionSignedOff,
} from './change-request.events';
import {
  type ChangeRequest,
  type ChangeRequestState,
  type PolicyException,
} from './change-request.model';
import { assertNever } from './lifecycle';

/** `evolve(state, event) → state`: events before a change request exists change nothing. */
export function evolve(state: ChangeRequestState, event: ChangeRequestEvent): ChangeRequestState {
  if (event.type === 'ChangeRequestCreated') return created(event);
  if (state.status === 'absent') return state;
  return apply(state, event);
}

/** Folds a stream's events into its current state. */
export function rehydrate(events: readonly ChangeRequestEvent[]): ChangeRequestState {
  return events.reduce<ChangeRequestState>(evolve, { status: 'absent' });
}

export function created(event: ChangeRequestCreated): ChangeRequest {
  const { changeRequestId, by, at, content, emergency, policyVersion } = event.data;
  return {
    status: 'draft',
    id: changeRequestId,
    requesterId: by,
    createdAt: at,
    content,
    contentVersion: 1,
    policyVersion,
    requiredApprovals: [],
    approvals: [],
    approvalDue: null,
    submittedAt: null,
    approvedAt: null,
    scheduledFor: content.scheduledFor,
    scheduledUntil: null,
    blackoutOverrides: [],
    implementerId: null,
    implementationStartedAt: null,
    emergency: emergency ? { documentation: null, postHocReview: null } : null,
    verification: null,
    completedAt: null,
    rolledBackAt: null,
    incident: null,
    exceptions: [],
    unauthorizedDeployments: [],
    missedDeadlines: [],
    ciFacts: [],
  };
}

/** An event applied to an existing change request: what the decider uses to look ahead. */
export function apply(change: ChangeRequest, event: ChangeRequestEvent): ChangeRequest {
  switch (event.type) {
    case 'ChangeRequestCreated':
      return created(event);
    case 'ChangeRequestAmended':
      return amended(change, event);
    case 'ApprovalsVoided':
      return approvalsVoided(change);
    case 'ChangeRequestSubmitted':
      return {
        ...change,
        status: 'pending_approval',
        submittedAt: event.data.at,
        requiredApprovals: event.data.requiredApprovals,
        policyVersion: event.data.policyVersion,
        approvalDue: event.data.approvalDueAt
          ? { dueAt: event.data.approvalDueAt, metAt: null }
          : null,
      };
    case 'StandardChangePreApproved':
      return { ...change, status: 'approved', approvedAt: event.data.at };
    case 'ChangeApproved':
      return approvalGiven(change, event);
    case 'ChangeRequestApproved':
      return {
        ...change,
        status: 'approved',
        approvedAt: event.data.at,
        approvalDue: metDeadline(change.approvalDue, event.data.at),
      };
    case 'EmergencyChangeRetroactivelyApproved':
      return {
        ...change,
        approvedAt: event.data.at,
        approvalDue: metDeadline(change.approvalDue, event.data.at),
      };
    case 'ChangeRequestRejected':
      return { ...change, status: 'rejected' };
    case 'ChangeRequestCancelled':
      return { ...change, status: 'cancelled' };
    case 'ChangeScheduled':
      return {
        ...change,
        status: 'scheduled',
        scheduledFor: event.data.scheduledFor,
        scheduledUntil:
          event.data.scheduledUntil ?? addMinutes(event.data.scheduledFor, LEGACY_WINDOW_MINUTES),
        blackoutOverrides: event.data.blackoutOverrides ?? [],
      };
    case 'ChangeImplementationStarted':
      return implementationStarted(change, event);
    case 'EmergencyChangeDocumented':
      return change.emergency
        ? {
            ...change,
            emergency: {
              ...change.emergency,
              documentation: metDeadline(change.emergency.documentation, event.data.at),
            },
          }
        : change;
    case 'ChangeVerified':
      return {
        ...change,
        verification: {
          outcome: event.data.outcome,
          monitoringMinutes: event.data.monitoringMinutes,
          verifiedAt: event.data.at,
        },
      };
    case 'ChangeCompleted':
      return { ...change, status: 'completed', completedAt: event.data.at };
    case 'ChangeFailed':
      return { ...change, status: 'failed', completedAt: event.data.at };
    case 'ChangeRolledBack':
      return { ...change, status: 'rolled_back', rolledBackAt: event.data.at };
    case 'IncidentRecorded':
      return {
        ...change,
        incident: {
          incidentId: event.data.incidentId,
          severity: event.data.severity,
          review: { dueAt: event.data.reviewDueAt, metAt: null },
        },
      };
    case 'ChangeReviewed':
      return reviewed(change, event);
    case 'PolicyExceptionRequested':
    case 'PolicyExceptionSignedOff':
    case 'PolicyExceptionApproved':
      return { ...change, exceptions: exceptionsAfter(change, event) };
    case 'DeadlineMissed':
      return { ...change, missedDeadlines: [...change.missedDeadlines, event.data.deadline] };
    case 'DeploymentRecorded':
      return deploymentRecorded(change, event);
    case 'RollbackRecorded':
    case 'CiEvidenceRecorded':
      return { ...change, ciFacts: [...change.ciFacts, event.data.fact] };
    default:
      return assertNever(event);
  }
}

/** A new version of the content; whether it voids the approvals is the next event's to say. */
function amended(change: ChangeRequest, event: ChangeRequestAmended): ChangeRequest {
  const { content, contentVersion, requiredApprovals } = event.data;
  return { ...change, content, contentVersion, requiredApprovals };
}

/**
 * Approvals voided by a change of content set the state back: an approved (or scheduled) change
 * awaits approval again, and an emergency change implemented before its sign-off awaits it again
 * (approval-invariant.ts). Streams recorded before this rule folded the same way: every
 * amendment of an approved change was followed by this event.
 */
function approvalsVoided(change: ChangeRequest): ChangeRequest {
  const reopened = change.status === 'approved' || change.status === 'scheduled';
  return {
    ...change,
    approvals: [],
    approvedAt: null,
    status: reopened ? 'pending_approval' : change.status,
  };
}

function approvalGiven(change: ChangeRequest, event: ChangeApproved): ChangeRequest {
  const { by, role, comments, conditions, at, contentVersion, policyVersion, retroactive } =
    event.data;
  return {
    ...change,
    approvals: [
      ...change.approvals,
      {
        approverId: by,
        role,
        comments,
        conditions,
        approvedAt: at,
        contentVersion,
        policyVersion,
        retroactive,
      },
    ],
  };
}

function implementationStarted(
  change: ChangeRequest,
  event: ChangeImplementationStarted,
): ChangeRequest {
  const { by, at, documentationDueAt, postHocReviewDueAt } = event.data;
  return {
    ...change,
    status: 'implementing',
    implementerId: by,
    implementationStartedAt: at,
    emergency: change.emergency && {
      documentation: documentationDueAt ? { dueAt: documentationDueAt, metAt: null } : null,
      postHocReview: postHocReviewDueAt ? { dueAt: postHocReviewDueAt, metAt: null } : null,
    },
  };
}

/** A post-hoc or post-incident review meets its deadline; a post-implementation one has none. */
function reviewed(change: ChangeRequest, event: ChangeReviewed): ChangeRequest {
  const { kind, at } = event.data;
  if (kind === 'post_hoc' && change.emergency) {
    return {
      ...change,
      emergency: {
        ...change.emergency,
        postHocReview: metDeadline(change.emergency.postHocReview, at),
      },
    };
  }
  if (kind === 'post_incident' && change.incident) {
    return {
      ...change,
      incident: { ...change.incident, review: metDeadline(change.incident.review, at) },
    };
  }
  return change;
}

/**
 * An exception is requested, signed off, approved; sign-offs apply to the one awaiting them (one
 * at a time). Events recorded before exceptions named gates (ADR 0022) carry no id and no gates:
 * the id is the one their order gives, and they waive nothing.
 */
function exceptionsAfter(
  change: ChangeRequest,
  event: PolicyExceptionRequested | PolicyExceptionSignedOff | PolicyExceptionApproved,
): PolicyException[] {
  if (event.type === 'PolicyExceptionRequested') {
    const { by, at, deviation, riskAssessment } = event.data;
    return [
      ...change.exceptions,
      {
        id: event.data.exceptionId ?? `${change.id}-EXC-${change.exceptions.length + 1}`,
        deviation,
        riskAssessment,
        gates: event.data.gates ?? [],
        requestedBy: by,
        requestedAt: at,
        approvals: [],
        approved: false,
        approvedAt: null,
      },
    ];
  }
  return change.exceptions.map((exception) => {
    if (exception.approved || exception.id !== (event.data.exceptionId ?? exception.id))
      return exception;
    return event.type === 'PolicyExceptionSignedOff'
      ? {
          ...exception,
          approvals: [...exception.approvals, { approverId: event.data.by, role: event.data.role }],
        }
      : { ...exception, approved: true, approvedAt: event.data.at };
  });
}

/** A deployment is CI evidence; one recorded unauthorized is kept with why, for the deployments view. */
function deploymentRecorded(change: ChangeRequest, event: DeploymentRecorded): ChangeRequest {
  const { fact, authorized, reason } = event.data;
  return {
    ...change,
    ciFacts: [...change.ciFacts, fact],
    unauthorizedDeployments:
      authorized === false
        ? [
            ...change.unauthorizedDeployments,
            {
              source: fact.source,
              id: fact.id,
              occurredAt: fact.occurredAt,
              reason: reason ?? 'not authorized',
            },
          ]
        : change.unauthorizedDeployments,
  };
}
