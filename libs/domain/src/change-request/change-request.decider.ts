import { approvalRule, requiredApprovals } from '../policy/policy';
import { addBusinessDays, addHours, addMinutes, addOneMonth } from './business-time';
import { ciFactKey, isProduction } from '../ci/ci-fact';
import { ChangeRequestError, refuse } from './change-request.errors';
import {
  type ChangeRequestCommand,
  type ChangeRequestEvent,
  type ContentInput,
  type DeadlineKind,
} from './change-request.messages';
import {
  type Actor,
  type ChangeContent,
  type ChangeRequest,
  type ChangeRequestState,
  type ChangeRequestStatus,
  isComplete,
  type PolicyInForce,
} from './change-request.model';

/**
 * The change request decider: `decide(command, state) → events`, `evolve(state, event) → state`.
 * Pure: who acts, when, and the policy in force all arrive in the command. Every rule of the
 * source documents that concerns one change request lives here (see the spec beside it).
 */
export function decide(
  command: ChangeRequestCommand,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const { changeRequestId, actor, at } = command.meta;
  const stamp = { changeRequestId, by: actor.id, at };
  switch (command.type) {
    case 'CreateChangeRequest':
    case 'CreateEmergencyChange': {
      if (state.status !== 'absent') throw refuse.alreadyExists(changeRequestId);
      const emergency = command.type === 'CreateEmergencyChange';
      const { policy } = command.data;
      const content = normaliseContent(
        command.data.content,
        policy,
        emergency ? 'emergency' : undefined,
      );
      const created: ChangeRequestEvent = {
        type: 'ChangeRequestCreated',
        data: { ...stamp, content, emergency, policyVersion: policy.version },
      };
      const submit = emergency || (command.type === 'CreateChangeRequest' && command.data.submit);
      if (!submit) return [created];
      const draft = evolve(state, created) as ChangeRequest;
      return [created, ...submission(draft, policy, stamp)];
    }

    case 'SubmitChangeRequest': {
      const change = existing(state, changeRequestId);
      requireStatus(change, 'submit', ['draft']);
      requireRequesterOrChangeManager(change, actor, 'submit');
      return submission(change, command.data.policy, stamp);
    }

    case 'AmendChangeRequest': {
      const change = existing(state, changeRequestId);
      const afterTheFact = ['implementing', 'completed', 'failed', 'rolled_back'] as const;
      const isEmergency = change.emergency !== null;
      requireStatus(change, 'amend', isEmergency ? [...AMENDABLE, ...afterTheFact] : AMENDABLE);
      requireRequesterOrChangeManager(change, actor, 'amend');
      const { changes, policy } = command.data;
      if (changes.category !== undefined && changes.category !== change.content.category) {
        throw refuse.invalid(
          'category',
          'cannot change once requested; cancel it and file a new change request',
        );
      }
      const content = normaliseContent(
        { ...toInput(change.content), ...changes },
        policy,
        change.content.category,
      );
      const changedFields = (Object.keys(changes) as Array<keyof ContentInput>).filter(
        (field) =>
          JSON.stringify(content[field as keyof ChangeContent]) !==
          JSON.stringify(change.content[field as keyof ChangeContent]),
      );
      if (changedFields.length === 0) return [];
      const events: ChangeRequestEvent[] = [
        {
          type: 'ChangeRequestAmended',
          data: {
            ...stamp,
            content,
            contentVersion: change.contentVersion + 1,
            changedFields,
            requiredApprovals:
              change.status === 'draft'
                ? change.requiredApprovals
                : requiredApprovals(policy, content.category, content.priority),
          },
        },
      ];
      // An approval applies to the content it saw.
      if (change.approvals.length > 0) {
        events.push({
          type: 'ApprovalsVoided',
          data: {
            ...stamp,
            voided: change.approvals.map(({ approverId, role }) => ({ approverId, role })),
            reason: `content amended (${changedFields.join(', ')}) after approval`,
          },
        });
      }
      const documentation = change.emergency?.documentation;
      if (documentation && documentation.metAt === null && isDocumented(content)) {
        events.push({
          type: 'EmergencyChangeDocumented',
          data: { ...stamp, dueAt: documentation.dueAt, withinDeadline: at <= documentation.dueAt },
        });
      }
      return events;
    }

    case 'ApproveChangeRequest': {
      const change = existing(state, changeRequestId);
      const retroactive = change.emergency !== null && change.implementationStartedAt !== null;
      if (retroactive) {
        requireStatus(change, 'approve', ['implementing', 'completed', 'failed', 'rolled_back']);
        if (change.approvedAt !== null)
          throw refuse.conflict(
            'CHANGE_REQUEST.ALREADY_APPROVED',
            `${change.id} is already approved`,
          );
      } else {
        requireStatus(change, 'approve', ['pending_approval']);
      }
      const role = approvingRole(change, actor, command.data.role);
      const approval: ChangeRequestEvent = {
        type: 'ChangeApproved',
        data: {
          ...stamp,
          role,
          comments: command.data.comments,
          conditions: command.data.conditions,
          contentVersion: change.contentVersion,
          policyVersion: command.data.policy.version,
          retroactive,
        },
      };
      const after = evolve(change, approval) as ChangeRequest;
      if (unsatisfiedRoles(after).length > 0) return [approval];
      const approvers = after.approvals.map(({ approverId, role: approvedAs }) => ({
        approverId,
        role: approvedAs,
      }));
      const policyVersion = command.data.policy.version;
      return [
        approval,
        retroactive
          ? {
              type: 'EmergencyChangeRetroactivelyApproved',
              data: { ...stamp, approvers, policyVersion },
            }
          : { type: 'ChangeRequestApproved', data: { ...stamp, approvers, policyVersion } },
      ];
    }

    case 'RejectChangeRequest': {
      const change = existing(state, changeRequestId);
      requireStatus(change, 'reject', ['pending_approval']);
      if (actor.id === change.requesterId) {
        throw refuse.forbidden(
          'CHANGE_REQUEST.SELF_REVIEW',
          'A requester does not reject their own change; cancel it instead',
          { actor: actor.id },
        );
      }
      const held = change.requiredApprovals
        .map((required) => required.role)
        .filter((required) => actor.roles.includes(required));
      const role =
        command.data.role === null
          ? held[0]
          : held.find((required) => required === command.data.role);
      if (!role) {
        throw refuse.forbidden(
          'CHANGE_REQUEST.NOT_AN_APPROVER',
          `Only a required approver may reject ${change.id}`,
          {
            required: change.requiredApprovals.map((required) => required.role),
            actorRoles: actor.roles,
          },
        );
      }
      return [
        {
          type: 'ChangeRequestRejected',
          data: {
            ...stamp,
            role,
            reason: command.data.reason,
            policyVersion: command.data.policy.version,
          },
        },
      ];
    }

    case 'CancelChangeRequest': {
      const change = existing(state, changeRequestId);
      requireStatus(change, 'cancel', ['draft', 'pending_approval', 'approved', 'scheduled']);
      requireRequesterOrChangeManager(change, actor, 'cancel');
      return [{ type: 'ChangeRequestCancelled', data: { ...stamp, reason: command.data.reason } }];
    }

    case 'ScheduleChange': {
      const change = existing(state, changeRequestId);
      requireStatus(change, 'schedule', ['approved', 'scheduled']);
      return [{ type: 'ChangeScheduled', data: { ...stamp, ...command.data } }];
    }

    case 'StartImplementation': {
      const change = existing(state, changeRequestId);
      const isEmergency = change.emergency !== null;
      requireStatus(
        change,
        'implement',
        isEmergency ? ['pending_approval', 'approved', 'scheduled'] : ['approved', 'scheduled'],
      );
      if (!isEmergency && !isComplete(change.content.rollbackPlan)) {
        throw refuse.incomplete('implement', [
          'rollback_plan (trigger_condition, steps, owner, verification_steps, time_estimate_minutes)',
        ]);
      }
      const approvers = new Set(change.approvals.map((approval) => approval.approverId));
      if (approvers.size === 1 && approvers.has(actor.id)) {
        throw refuse.forbidden(
          'CHANGE_REQUEST.IMPLEMENTER_SOLE_APPROVER',
          `${actor.id} approved ${change.id} alone and cannot also implement it`,
          { actor: actor.id },
        );
      }
      const { policy } = command.data;
      const documentationDueAt = isEmergency
        ? addHours(at, policy.emergency.documentationWithinHours)
        : null;
      const started: ChangeRequestEvent = {
        type: 'ChangeImplementationStarted',
        data: {
          ...stamp,
          implementationPlan: command.data.implementationPlan,
          scheduledTime: command.data.scheduledTime,
          maintenanceWindow: command.data.maintenanceWindow,
          approvedBeforeImplementation: change.approvedAt !== null,
          documentationDueAt,
          postHocReviewDueAt: isEmergency
            ? addBusinessDays(at, policy.emergency.postHocReviewWithinBusinessDays)
            : null,
        },
      };
      if (documentationDueAt && isDocumented(change.content)) {
        return [
          started,
          {
            type: 'EmergencyChangeDocumented',
            data: { ...stamp, dueAt: documentationDueAt, withinDeadline: true },
          },
        ];
      }
      return [started];
    }

    case 'RecordVerification': {
      const change = existing(state, changeRequestId);
      requireStatus(change, 'verify', ['implementing']);
      const minimum = command.data.policy.verification.minimumMonitoringMinutes;
      if (command.data.monitoringMinutes < minimum) {
        throw refuse.invalid(
          'monitoring_minutes',
          `post-deployment monitoring lasts at least ${minimum} minutes (001 step 7)`,
        );
      }
      const { outcome, monitoringMinutes, checks, notes } = command.data;
      return [
        { type: 'ChangeVerified', data: { ...stamp, outcome, monitoringMinutes, checks, notes } },
      ];
    }

    case 'CompleteChange': {
      const change = existing(state, changeRequestId);
      requireStatus(change, 'complete', ['implementing']);
      const { outcome, testResults, postImplementationReview } = command.data;
      if (outcome === 'failed')
        return [
          { type: 'ChangeFailed', data: { ...stamp, testResults, postImplementationReview } },
        ];
      if (change.verification?.outcome !== 'passed') {
        throw refuse.conflict(
          'CHANGE_REQUEST.VERIFICATION_REQUIRED',
          `${change.id} has no passed post-deployment verification yet`,
          {
            verification: change.verification,
          },
        );
      }
      return [
        {
          type: 'ChangeCompleted',
          data: { ...stamp, testResults, postImplementationReview, nextReview: addOneMonth(at) },
        },
      ];
    }

    case 'RollBackChange': {
      const change = existing(state, changeRequestId);
      requireStatus(change, 'roll back', ['implementing', 'completed', 'failed']);
      const { reason, incidentId, severity, policy } = command.data;
      // 003 §4: an executed rollback is an incident (P3 at least) with a post-incident review.
      return [
        { type: 'ChangeRolledBack', data: { ...stamp, reason } },
        {
          type: 'IncidentRecorded',
          data: {
            ...stamp,
            incidentId,
            severity,
            reviewDueAt: addBusinessDays(at, policy.rollback.postIncidentReviewWithinBusinessDays),
          },
        },
      ];
    }

    case 'RecordReview': {
      const change = existing(state, changeRequestId);
      const { kind, findings } = command.data;
      if (actor.id === change.implementerId) {
        throw refuse.forbidden(
          'CHANGE_REQUEST.SELF_REVIEW',
          'The implementer does not review their own change',
          { actor: actor.id },
        );
      }
      const deadline = reviewDeadline(change, kind);
      if (kind === 'post_hoc' && actor.id === change.requesterId) {
        throw refuse.forbidden(
          'CHANGE_REQUEST.SELF_REVIEW',
          'The requester does not review their own emergency change',
          { actor: actor.id },
        );
      }
      return [
        {
          type: 'ChangeReviewed',
          data: {
            ...stamp,
            kind,
            findings,
            dueAt: deadline?.dueAt ?? null,
            withinDeadline: deadline ? at <= deadline.dueAt : null,
          },
        },
      ];
    }

    case 'RequestPolicyException': {
      const change = existing(state, changeRequestId);
      requireStatus(change, 'request an exception for', [...AMENDABLE, 'implementing']);
      if (change.exception && !change.exception.approved) {
        throw refuse.conflict(
          'CHANGE_REQUEST.EXCEPTION_PENDING',
          `${change.id} already has an exception awaiting sign-off`,
        );
      }
      return [{ type: 'PolicyExceptionRequested', data: { ...stamp, ...command.data } }];
    }

    case 'ApprovePolicyException': {
      const change = existing(state, changeRequestId);
      const exception = change.exception;
      if (!exception || exception.approved) {
        throw refuse.conflict(
          'CHANGE_REQUEST.NO_EXCEPTION_PENDING',
          `${change.id} has no exception awaiting sign-off`,
        );
      }
      if (actor.id === change.requesterId) {
        throw refuse.forbidden(
          'CHANGE_REQUEST.SELF_APPROVAL',
          'A requester never signs off an exception to their own change',
          { actor: actor.id },
        );
      }
      if (exception.approvals.some((signOff) => signOff.approverId === actor.id)) {
        throw refuse.forbidden(
          'CHANGE_REQUEST.ONE_APPROVAL_PER_PERSON',
          `${actor.id} has already signed off this exception`,
        );
      }
      const { policy } = command.data;
      const open = policy.exceptions.approvers.filter(
        (role) => !exception.approvals.some((signOff) => signOff.role === role),
      );
      const role = open.find(
        (candidate) =>
          actor.roles.includes(candidate) &&
          (command.data.role === null || command.data.role === candidate),
      );
      if (!role) {
        throw refuse.forbidden(
          'CHANGE_REQUEST.NOT_AN_APPROVER',
          `An exception is signed off by ${open.join(' and ')} (002 §5)`,
          { open, actorRoles: actor.roles },
        );
      }
      const signedOff: ChangeRequestEvent = {
        type: 'PolicyExceptionSignedOff',
        data: { ...stamp, role, policyVersion: policy.version },
      };
      if (open.length > 1) return [signedOff];
      const approvers = [...exception.approvals, { approverId: actor.id, role }];
      return [signedOff, { type: 'PolicyExceptionApproved', data: { ...stamp, approvers } }];
    }

    case 'RecordCiFact': {
      const change = existing(state, changeRequestId);
      const { fact } = command.data;
      // A redelivered fact is already part of the change: recording it again changes nothing.
      if (change.ciFacts.some((known) => ciFactKey(known) === ciFactKey(fact))) return [];
      switch (fact.kind) {
        case 'deployment':
        case 'removal':
          return recordDeployment(change, command.data, command.meta);
        case 'rollback':
          return recordRollback(change, command.data, command.meta);
        default:
          return [{ type: 'CiEvidenceRecorded', data: { ...stamp, fact } }];
      }
    }

    case 'RecordMissedDeadline': {
      // Recorded once, when due and not met; otherwise nothing to record (the watcher asks often).
      const change = existing(state, changeRequestId);
      const { deadline } = command.data;
      const dueAt = overdueDeadlines(change, at).find(
        (overdue) => overdue.deadline === deadline,
      )?.dueAt;
      if (!dueAt) return [];
      return [{ type: 'DeadlineMissed', data: { ...stamp, deadline, dueAt } }];
    }

    default:
      return assertNever(command);
  }
}

export function evolve(state: ChangeRequestState, event: ChangeRequestEvent): ChangeRequestState {
  if (event.type === 'ChangeRequestCreated') {
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
      implementerId: null,
      implementationStartedAt: null,
      emergency: emergency ? { documentation: null, postHocReview: null } : null,
      verification: null,
      completedAt: null,
      rolledBackAt: null,
      incident: null,
      exception: null,
      missedDeadlines: [],
      ciFacts: [],
    };
  }
  if (state.status === 'absent') return state;
  const change = state;
  switch (event.type) {
    case 'ChangeRequestAmended': {
      const { content, contentVersion, requiredApprovals: required } = event.data;
      const reopened =
        (change.status === 'approved' || change.status === 'scheduled') &&
        content.category !== 'standard';
      return {
        ...change,
        content,
        contentVersion,
        requiredApprovals: required,
        status: reopened ? 'pending_approval' : change.status,
        approvedAt: reopened ? null : change.approvedAt,
      };
    }
    case 'ApprovalsVoided':
      return { ...change, approvals: [] };
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
    case 'ChangeApproved': {
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
      return { ...change, status: 'scheduled', scheduledFor: event.data.scheduledFor };
    case 'ChangeImplementationStarted': {
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
    case 'ChangeReviewed': {
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
          incident: { ...change.incident, review: metDeadline(change.incident.review, at)! },
        };
      }
      return change;
    }
    case 'PolicyExceptionRequested':
      return {
        ...change,
        exception: { deviation: event.data.deviation, approvals: [], approved: false },
      };
    case 'PolicyExceptionSignedOff':
      return change.exception
        ? {
            ...change,
            exception: {
              ...change.exception,
              approvals: [
                ...change.exception.approvals,
                { approverId: event.data.by, role: event.data.role },
              ],
            },
          }
        : change;
    case 'PolicyExceptionApproved':
      return change.exception
        ? { ...change, exception: { ...change.exception, approved: true } }
        : change;
    case 'DeadlineMissed':
      return { ...change, missedDeadlines: [...change.missedDeadlines, event.data.deadline] };
    case 'DeploymentRecorded':
    case 'RollbackRecorded':
    case 'CiEvidenceRecorded':
      return { ...change, ciFacts: [...change.ciFacts, event.data.fact] };
    default:
      return assertNever(event);
  }
}

/**
 * The deadlines of a change request that have passed unmet at `now` and are not yet recorded as
 * missed: the approval timeout (escalation), the emergency documentation window, the post-hoc
 * review and the post-incident review. Pure, for the decider and for the watcher that asks.
 */
export function overdueDeadlines(
  change: ChangeRequest,
  now: string,
): Array<{ deadline: DeadlineKind; dueAt: string }> {
  const candidates: Array<
    [DeadlineKind, { dueAt: string; metAt: string | null } | null | undefined, boolean]
  > = [
    [
      'approval',
      change.approvalDue,
      change.status === 'pending_approval' ||
        (change.emergency !== null &&
          change.approvedAt === null &&
          change.implementationStartedAt !== null),
    ],
    ['emergency_documentation', change.emergency?.documentation, true],
    ['post_hoc_review', change.emergency?.postHocReview, true],
    ['post_incident_review', change.incident?.review, true],
  ];
  return candidates
    .filter(
      ([deadline, due, open]) =>
        open &&
        due &&
        due.metAt === null &&
        due.dueAt < now &&
        !change.missedDeadlines.includes(deadline),
    )
    .map(([deadline, due]) => ({ deadline, dueAt: due!.dueAt }));
}

type CiFactCommand = Extract<ChangeRequestCommand, { type: 'RecordCiFact' }>;

/**
 * A deployment is a fact: it is recorded whatever the change's state. In production it is
 * judged (authorized when an approved change, or an emergency change under 003 §5, covers it and
 * the implementer may implement it), and a successful one starts the implementation — for an
 * emergency change, its 24-hour documentation clock.
 */
function recordDeployment(
  change: ChangeRequest,
  { fact, policy }: CiFactCommand['data'],
  meta: CiFactCommand['meta'],
): ChangeRequestEvent[] {
  const stamp = { changeRequestId: change.id, by: meta.actor.id, at: meta.at };
  if (!isProduction(fact.environment)) {
    return [
      { type: 'DeploymentRecorded', data: { ...stamp, fact, authorized: null, reason: null } },
    ];
  }
  const startable = change.emergency
    ? ['pending_approval', 'approved', 'scheduled']
    : ['approved', 'scheduled'];
  let start: ChangeRequestEvent[] = [];
  let refusal: string | null = null;
  if (startable.includes(change.status)) {
    try {
      start = decide(
        {
          type: 'StartImplementation',
          data: {
            implementationPlan: null,
            scheduledTime: change.scheduledFor,
            maintenanceWindow: false,
            policy,
          },
          meta,
        },
        change,
      );
    } catch (error) {
      if (!(error instanceof ChangeRequestError)) throw error;
      refusal = error.message;
    }
  } else if (change.status !== 'implementing') {
    refusal = `${change.id} is ${change.status}; a production change needs an approved change request (002 §3.8)`;
  }
  const recorded: ChangeRequestEvent = {
    type: 'DeploymentRecorded',
    data: { ...stamp, fact, authorized: refusal === null, reason: refusal },
  };
  const moves = fact.kind === 'deployment' && fact.outcome === 'success' ? start : [];
  return [recorded, ...moves];
}

/** 003 §4: a rollback in production rolls the change back and opens its incident (P3 at least). */
function recordRollback(
  change: ChangeRequest,
  { fact, policy }: CiFactCommand['data'],
  meta: CiFactCommand['meta'],
): ChangeRequestEvent[] {
  const stamp = { changeRequestId: change.id, by: meta.actor.id, at: meta.at };
  const recorded: ChangeRequestEvent = { type: 'RollbackRecorded', data: { ...stamp, fact } };
  if (
    !isProduction(fact.environment) ||
    !['implementing', 'completed', 'failed'].includes(change.status)
  ) {
    return [recorded];
  }
  const rolledBack = decide(
    {
      type: 'RollBackChange',
      data: {
        reason: `rolled back in ${fact.environment} by ${fact.source} (${fact.id})`,
        incidentId: fact.incident?.id ?? `INC-${change.id}`,
        severity: fact.incident?.severity ?? 'P3',
        policy,
      },
      meta,
    },
    change,
  );
  return [recorded, ...rolledBack];
}

/** Folds a stream's events into its current state. */
export function rehydrate(events: readonly ChangeRequestEvent[]): ChangeRequestState {
  return events.reduce<ChangeRequestState>(evolve, { status: 'absent' });
}

const AMENDABLE = ['draft', 'pending_approval', 'approved', 'scheduled'] as const;

function submission(
  change: ChangeRequest,
  policy: PolicyInForce,
  stamp: { changeRequestId: string; by: string; at: string },
): ChangeRequestEvent[] {
  const { content } = change;
  if (content.category === 'standard') {
    return [
      {
        type: 'ChangeRequestSubmitted',
        data: {
          ...stamp,
          requiredApprovals: [],
          approvalDueAt: null,
          policyVersion: policy.version,
          contentVersion: change.contentVersion,
        },
      },
      {
        type: 'StandardChangePreApproved',
        data: { ...stamp, templateId: content.standardTemplateId!, policyVersion: policy.version },
      },
    ];
  }
  const testingRequired =
    content.testingRequired || policy.testing.requiredFor.includes(content.changeType);
  if (content.category !== 'emergency' && testingRequired && !content.testPlan) {
    throw refuse.incomplete('submit', [
      `test_plan (testing is required for ${content.changeType} changes)`,
    ]);
  }
  const rule = approvalRule(policy, content.category, content.priority);
  return [
    {
      type: 'ChangeRequestSubmitted',
      data: {
        ...stamp,
        requiredApprovals: requiredApprovals(policy, content.category, content.priority),
        approvalDueAt: addMinutes(stamp.at, rule.approvalTimeoutMinutes),
        policyVersion: policy.version,
        contentVersion: change.contentVersion,
      },
    },
  ];
}

/** The required role this approval satisfies, after every separation-of-duties check. */
function approvingRole(change: ChangeRequest, actor: Actor, requested: string | null): string {
  if (actor.id === change.requesterId) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.SELF_APPROVAL',
      `${actor.id} requested ${change.id} and cannot approve it`,
      { actor: actor.id },
    );
  }
  if (actor.kind !== 'user') {
    throw refuse.forbidden(
      'CHANGE_REQUEST.APPROVER_MUST_BE_A_PERSON',
      'Approvals are given by people, not service accounts',
      { actor: actor.id },
    );
  }
  if (change.approvals.some((approval) => approval.approverId === actor.id)) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.ONE_APPROVAL_PER_PERSON',
      `${actor.id} has already approved ${change.id}; one person never satisfies two required approvals`,
      { actor: actor.id },
    );
  }
  const open = unsatisfiedRoles(change);
  if (requested !== null) {
    if (!change.requiredApprovals.some((required) => required.role === requested)) {
      throw refuse.invalid(
        'role',
        `${requested} is not among the approvals ${change.id} requires (${change.requiredApprovals.map((r) => r.role).join(', ')})`,
      );
    }
    if (!open.includes(requested)) {
      throw refuse.conflict(
        'CHANGE_REQUEST.ROLE_ALREADY_APPROVED',
        `The ${requested} approval of ${change.id} is already given`,
        { role: requested },
      );
    }
    if (!actor.roles.includes(requested)) {
      throw refuse.forbidden(
        'CHANGE_REQUEST.MISSING_ROLE',
        `${actor.id} does not hold the ${requested} role`,
        { role: requested, actorRoles: actor.roles },
      );
    }
    return requested;
  }
  const role = open.find((candidate) => actor.roles.includes(candidate));
  if (!role) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.NOT_AN_APPROVER',
      `${change.id} awaits approval from ${open.join(', ')}; ${actor.id} holds none of these roles`,
      { open, actorRoles: actor.roles },
    );
  }
  return role;
}

function unsatisfiedRoles(change: ChangeRequest): string[] {
  const given = new Set(change.approvals.map((approval) => approval.role));
  return change.requiredApprovals
    .map((required) => required.role)
    .filter((role) => !given.has(role));
}

function reviewDeadline(
  change: ChangeRequest,
  kind: 'post_hoc' | 'post_incident' | 'post_implementation',
) {
  switch (kind) {
    case 'post_hoc':
      if (!change.emergency?.postHocReview) {
        throw refuse.conflict(
          'CHANGE_REQUEST.NO_REVIEW_DUE',
          `${change.id} is not an implemented emergency change; no post-hoc review is due`,
        );
      }
      return change.emergency.postHocReview;
    case 'post_incident':
      if (!change.incident)
        throw refuse.conflict(
          'CHANGE_REQUEST.NO_REVIEW_DUE',
          `${change.id} has no incident to review`,
        );
      return change.incident.review;
    case 'post_implementation':
      requireStatus(change, 'review', ['completed', 'failed', 'rolled_back']);
      return null;
    default:
      return assertNever(kind);
  }
}

/** Emergency documentation is complete when what 002 §3.2 and 003 §4 ask of every change is there. */
function isDocumented(content: ChangeContent): boolean {
  return (
    isComplete(content.rollbackPlan) &&
    content.riskLevel !== null &&
    !!content.riskAssessment &&
    !!content.testPlan
  );
}

function normaliseContent(
  input: ContentInput,
  policy: PolicyInForce,
  forcedCategory: ChangeContent['category'] | undefined,
): ChangeContent {
  const category = forcedCategory ?? input.category ?? 'normal';
  const changeType = policy.changeTypeAliases[input.changeType] ?? input.changeType;
  if (!policy.changeTypes.includes(changeType)) {
    throw refuse.invalid(
      'change_type',
      `must be one of ${[...policy.changeTypes, ...Object.keys(policy.changeTypeAliases)].join(', ')}`,
    );
  }
  if (input.affectedSystems.length === 0)
    throw refuse.invalid('affected_systems', 'name at least one affected system');
  let standardTemplateId = input.standardTemplateId ?? null;
  if (category === 'standard') {
    const template = policy.standardChangeCatalogue.find(
      (entry) => entry.id === standardTemplateId,
    );
    if (!template) {
      throw refuse.invalid(
        'standard_template_id',
        `a standard change follows a pre-approved template: one of ${policy.standardChangeCatalogue.map((entry) => entry.id).join(', ')}`,
      );
    }
  } else {
    standardTemplateId = null;
  }
  return {
    title: input.title,
    description: input.description,
    businessJustification: input.businessJustification ?? null,
    changeTypeRequested: input.changeType,
    changeType,
    category,
    priority: input.priority,
    urgency: input.urgency ?? (category === 'emergency' ? 'emergency' : null),
    affectedSystems: [...input.affectedSystems],
    impactScope: input.impactScope ?? null,
    riskLevel: input.riskLevel ?? null,
    riskAssessment: input.riskAssessment ?? null,
    rollbackPlan: input.rollbackPlan ?? null,
    testingRequired: input.testingRequired ?? false,
    testPlan: input.testPlan ?? null,
    testEnvironment: input.testEnvironment ?? null,
    securityConsiderations: input.securityConsiderations ?? null,
    implementationPlan: input.implementationPlan ?? null,
    scheduledFor: input.scheduledFor ?? null,
    links: { ...(input.links ?? {}) },
    standardTemplateId,
  };
}

function toInput(content: ChangeContent): ContentInput {
  const { changeTypeRequested, changeType: _normalised, ...rest } = content;
  return { ...rest, changeType: changeTypeRequested };
}

function existing(state: ChangeRequestState, id: string): ChangeRequest {
  if (state.status === 'absent') throw refuse.notFound(id);
  return state;
}

function requireStatus(
  change: ChangeRequest,
  action: string,
  allowed: readonly ChangeRequestStatus[],
): void {
  if (!allowed.includes(change.status)) throw refuse.transition(action, change.status, allowed);
}

function requireRequesterOrChangeManager(
  change: ChangeRequest,
  actor: Actor,
  action: string,
): void {
  if (actor.id !== change.requesterId && !actor.roles.includes('change-manager')) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.NOT_THE_REQUESTER',
      `Only the requester or a change manager may ${action} ${change.id}`,
      { actor: actor.id },
    );
  }
}

function metDeadline<D extends { dueAt: string; metAt: string | null } | null>(
  deadline: D,
  at: string,
): D {
  return (deadline && deadline.metAt === null ? { ...deadline, metAt: at } : deadline) as D;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled: ${JSON.stringify(value)}`);
}
