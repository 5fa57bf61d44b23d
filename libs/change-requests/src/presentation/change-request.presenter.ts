import {
  type ChangeContent,
  type ChangeRequest,
  type CiFact,
  describeCiFact,
  type RecordedGate,
  type StandingException,
} from '@change-ledger/domain';
import {
  type ActingUnder,
  formatPosition,
  type GlobalPosition,
  type RecordedEvent,
} from '@change-ledger/event-store';

/**
 * Domain state and events as API v1 shows them: API-ROUTES' snake_case names, extended. Here rather
 * than in the API because the evidence bundle carries the same shapes and its verifier refolds
 * them offline.
 */

export function presentChangeRequest(
  change: ChangeRequest,
  position: GlobalPosition | null = null,
) {
  const { content } = change;
  const approvalOf = (role: string) => change.approvals.find((approval) => approval.role === role);
  const plan = content.rollbackPlan;
  const latest = change.exceptions.at(-1);
  return {
    change_request_id: change.id,
    status: change.status,
    title: content.title,
    description: content.description,
    business_justification: content.businessJustification,
    change_type: content.changeTypeRequested,
    change_class: content.changeType,
    category: content.category,
    priority: content.priority,
    urgency: content.urgency,
    affected_systems: content.affectedSystems,
    impact_scope: content.impactScope,
    risk_level: content.riskLevel,
    risk_assessment: content.riskAssessment,
    rollback_plan: presentRollbackPlan(plan),
    testing_required: content.testingRequired,
    test_plan: content.testPlan,
    test_environment: content.testEnvironment,
    security_considerations: content.securityConsiderations,
    implementation_plan: content.implementationPlan,
    scheduled_for: change.scheduledFor,
    scheduled_until: change.scheduledUntil ?? null,
    links: {
      repository: content.links.repository ?? null,
      pull_request: content.links.pullRequest ?? null,
      commit_sha: content.links.commitSha ?? null,
      artifact_digest: content.links.artifactDigest ?? null,
    },
    standard_template_id: content.standardTemplateId,
    requester: change.requesterId,
    request_date: change.createdAt.slice(0, 10),
    created_at: change.createdAt,
    content_version: change.contentVersion,
    policy_version: change.policyVersion,
    approvers: change.requiredApprovals.map((required) => required.role),
    approval_status: change.approvedAt
      ? 'approved'
      : change.status === 'rejected'
        ? 'rejected'
        : 'pending',
    required_approvals: change.requiredApprovals.map(({ role }) => ({
      role,
      approved_by: approvalOf(role)?.approverId ?? null,
      approved_at: approvalOf(role)?.approvedAt ?? null,
    })),
    approvals: change.approvals.map((approval) => ({
      approved_by: approval.approverId,
      role: approval.role,
      comments: approval.comments,
      conditions: approval.conditions,
      approved_at: approval.approvedAt,
      content_version: approval.contentVersion,
      policy_version: approval.policyVersion,
      retroactive: approval.retroactive,
    })),
    approval_due_at: change.approvalDue?.dueAt ?? null,
    approved_at: change.approvedAt,
    implementer: change.implementerId,
    implementation_started: change.implementationStartedAt,
    verification: change.verification && {
      outcome: change.verification.outcome,
      monitoring_minutes: change.verification.monitoringMinutes,
      verified_at: change.verification.verifiedAt,
    },
    completed_at: change.completedAt,
    emergency: change.emergency && {
      documentation_due_at: change.emergency.documentation?.dueAt ?? null,
      documented_at: change.emergency.documentation?.metAt ?? null,
      post_hoc_review_due_at: change.emergency.postHocReview?.dueAt ?? null,
      post_hoc_reviewed_at: change.emergency.postHocReview?.metAt ?? null,
    },
    incident: change.incident && {
      incident_id: change.incident.incidentId,
      severity: change.incident.severity,
      review_due_at: change.incident.review.dueAt,
      reviewed_at: change.incident.review.metAt,
    },
    // The latest exception, as before exceptions named gates (null with none, as API v1 said);
    // all of them under `exceptions`.
    exception: latest
      ? {
          deviation: latest.deviation,
          signed_off_by: signedOffBy(latest.approvals),
          approved: latest.approved,
        }
      : null,
    exceptions: change.exceptions.map((exception) => ({
      exception_id: exception.id,
      deviation: exception.deviation,
      risk_assessment: exception.riskAssessment,
      gates: exception.gates,
      requested_by: exception.requestedBy,
      requested_at: exception.requestedAt,
      signed_off_by: signedOffBy(exception.approvals),
      approved: exception.approved,
      approved_at: exception.approvedAt,
    })),
    position: position ? formatPosition(position) : null,
  };
}

/** A rollback plan in prose as written, or SOC-ROLLBACK-PLAN's five parts in API v1's names. */
export function presentRollbackPlan(plan: ChangeContent['rollbackPlan']) {
  return plan === null || typeof plan === 'string'
    ? plan
    : {
        trigger_condition: plan.triggerCondition,
        steps: plan.steps,
        owner: plan.owner,
        verification_steps: plan.verificationSteps,
        time_estimate_minutes: plan.timeEstimateMinutes,
      };
}

const signedOffBy = (approvals: ReadonlyArray<{ approverId: string; role: string }>) =>
  approvals.map(({ approverId, role }) => ({ approver: approverId, role }));

/** A deploy gate's answer as a production deployment recorded it (ADR 0022), in the API's names. */
export function presentRecordedGate(gate: RecordedGate | null | undefined) {
  return gate
    ? {
        decision: gate.decision,
        evaluated_at: gate.evaluatedAt,
        reported_at: gate.reportedAt ?? null,
        policy_version: gate.policyVersion,
        gates: gate.gates,
      }
    : null;
}

/** A policy exception for a service and a period, in the API's names. */
export function presentStandingException(exception: StandingException) {
  return {
    exception_id: exception.exceptionId,
    deviation: exception.deviation,
    risk_assessment: exception.riskAssessment,
    gates: exception.gates,
    services: exception.services,
    from: exception.from,
    to: exception.to,
    requested_by: exception.requestedBy,
    requested_at: exception.requestedAt,
    signed_off_by: signedOffBy(exception.approvals),
    approved: exception.approved,
    approved_at: exception.approvedAt,
  };
}

const ACTIONS: Record<string, string> = {
  ChangeRequestCreated: 'created',
  ChangeRequestAmended: 'amended',
  ApprovalsVoided: 'approvals_voided',
  ChangeRequestSubmitted: 'submitted',
  StandardChangePreApproved: 'pre_approved',
  ChangeApproved: 'approved',
  ChangeRequestApproved: 'approval_complete',
  EmergencyChangeRetroactivelyApproved: 'retroactively_approved',
  ChangeRequestRejected: 'rejected',
  ChangeRequestCancelled: 'cancelled',
  ChangeScheduled: 'scheduled',
  ChangeImplementationStarted: 'implemented',
  EmergencyChangeDocumented: 'documented',
  ChangeVerified: 'verified',
  ChangeCompleted: 'completed',
  ChangeFailed: 'failed',
  ChangeRolledBack: 'rolled_back',
  IncidentRecorded: 'incident_recorded',
  ChangeReviewed: 'reviewed',
  PolicyExceptionRequested: 'exception_requested',
  PolicyExceptionSignedOff: 'exception_signed_off',
  PolicyExceptionApproved: 'exception_approved',
};

/**
 * API-HISTORY's shape, each entry with the evidence behind it (event, time, hash, and its
 * leaf in the transparency log once sequenced).
 */
export function presentHistory(
  changeRequestId: string,
  events: readonly RecordedEvent[],
  leafIndexes: ReadonlyMap<string, number> = new Map(),
) {
  return {
    change_id: changeRequestId,
    history: events.map((event) => ({
      timestamp: String(event.data.at ?? event.metadata.occurredAt),
      action: ACTIONS[event.type] ?? event.type,
      user: event.metadata.actor.id,
      details: describe(event),
      event_type: event.type,
      event_id: event.id,
      revision: event.revision,
      recorded_at: event.metadata.recordedAt,
      authenticated_by: event.metadata.actor.authenticatedBy,
      roles: event.metadata.actor.roles,
      actor_kind: event.metadata.actor.kind,
      ...actingUnder(event.metadata.actor.actingUnder),
      hash: event.integrity.hash,
      leaf_index: leafIndexes.get(event.id) ?? null,
    })),
  };
}

/** A service that took a person's step: the policy entry it acted under (ADR 0024). */
function actingUnder(under: ActingUnder | undefined) {
  return under
    ? {
        acting_under: {
          policy_version: under.policyVersion,
          policy_entry: under.policyEntry,
          step: under.step,
        },
      }
    : {};
}

function describe(event: RecordedEvent): string {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'ChangeRequestCreated':
      return data.emergency ? 'Emergency change request created' : 'Change request created';
    case 'ChangeRequestSubmitted':
      return `Submitted for approval by ${((data.requiredApprovals as Array<{ role: string }>) ?? []).map((r) => r.role).join(', ') || 'no one (pre-approved)'}`;
    case 'ChangeApproved':
      return `Approved as ${String(data.role)}${data.comments ? `: ${String(data.comments)}` : ''}`;
    case 'ChangeRequestRejected':
      return `Rejected as ${String(data.role)}: ${String(data.reason)}`;
    case 'ChangeImplementationStarted':
      return 'Change implemented in production';
    case 'ChangeVerified':
      return `Post-deployment verification ${String(data.outcome)} after ${String(data.monitoringMinutes)} minutes of monitoring`;
    case 'ChangeCompleted':
      return 'Change completed successfully';
    case 'ChangeRolledBack':
      return `Rolled back: ${String(data.reason)}`;
    case 'IncidentRecorded':
      return `Incident ${String(data.incidentId)} (${String(data.severity)}) recorded; post-incident review due ${String(data.reviewDueAt)}`;
    case 'CiEvidenceRecorded':
    case 'RollbackRecorded':
      return `${describeCiFact(data.fact as CiFact)} (${(data.fact as CiFact).source})`;
    case 'DeploymentRecorded': {
      const judged =
        data.authorized === false
          ? `; not authorized: ${String(data.reason)}`
          : data.authorized === true
            ? '; authorized'
            : '';
      return `${describeCiFact(data.fact as CiFact)} (${(data.fact as CiFact).source})${judged}`;
    }
    default:
      return event.type.replace(/([a-z])([A-Z])/g, '$1 $2');
  }
}
