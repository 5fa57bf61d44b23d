import { approvalRule, type Category, type Priority } from '../policy/policy';
import { addBusinessDays, addHours, addMinutes } from './business-time';
import { type DeadlineKind, type ReviewKind } from './change-request.commands';
import { refuse } from './change-request.errors';
import { type EmergencyChangeDocumented, type EventStamp } from './change-request.events';
import {
  type ChangeContent,
  type ChangeRequest,
  type Deadline,
  isComplete,
  type PolicyInForce,
} from './change-request.model';

/**
 * The time-driven rules of a change request, in one place: what is due, when, and what missing it
 * records. The policy sets the durations (API-APPROVAL-TIMEOUT; SOC-EMERG-24H, SOC-EMERG-REVIEW: an emergency change is
 * documented within 24 hours and reviewed within 5 business days; SOC-ROLLBACK-INCIDENT: a rollback's incident is
 * reviewed within 5 business days). The decider stamps the due times on its events, the deadline
 * watcher asks `overdueDeadlines`, and reports read `deadlineStatus`.
 */

/** API-APPROVAL-TIMEOUT: approvals are due within the approval timeout of the change's level. */
export function approvalDueAt(
  policy: PolicyInForce,
  category: Category,
  priority: Priority,
  submittedAt: string,
): string {
  return addMinutes(submittedAt, approvalRule(policy, category, priority).approvalTimeoutMinutes);
}

/** SOC-EMERG-24H, SOC-EMERG-REVIEW: an emergency change's clocks start when it is implemented. */
export function emergencyDueDates(policy: PolicyInForce, implementedAt: string) {
  return {
    documentationDueAt: addHours(implementedAt, policy.emergency.documentationWithinHours),
    postHocReviewDueAt: addBusinessDays(
      implementedAt,
      policy.emergency.postHocReviewWithinBusinessDays,
    ),
  };
}

/** SOC-ROLLBACK-INCIDENT: the incident a rollback opens is reviewed within the policy's business days. */
export function postIncidentReviewDueAt(policy: PolicyInForce, rolledBackAt: string): string {
  return addBusinessDays(rolledBackAt, policy.rollback.postIncidentReviewWithinBusinessDays);
}

/** Emergency documentation is complete when what POL-CR-CONTENTS and SOC-ROLLBACK-PLAN ask of every change is there. */
export function isDocumented(content: ChangeContent): boolean {
  return (
    isComplete(content.rollbackPlan) &&
    content.riskLevel !== null &&
    !!content.riskAssessment &&
    !!content.testPlan
  );
}

/**
 * The event that meets an emergency change's documentation deadline, when `content` completes
 * its record and the deadline `dueAt` is still open; whether that was in time is recorded.
 */
export function documentationMet(
  documentation: Deadline | null | undefined,
  content: ChangeContent,
  stamp: EventStamp,
): EmergencyChangeDocumented | null {
  if (!documentation || documentation.metAt !== null || !isDocumented(content)) return null;
  return {
    type: 'EmergencyChangeDocumented',
    data: {
      ...stamp,
      dueAt: documentation.dueAt,
      withinDeadline: stamp.at <= documentation.dueAt,
    },
  };
}

/** The deadline a review meets, or the refusal when no such review is due. */
export function reviewDeadline(change: ChangeRequest, kind: ReviewKind): Deadline | null {
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
      if (!change.incident) {
        throw refuse.conflict(
          'CHANGE_REQUEST.NO_REVIEW_DUE',
          `${change.id} has no incident to review`,
        );
      }
      return change.incident.review;
    case 'post_implementation':
      return null;
  }
}

/** A deadline met at `at` (the first time only); an absent one stays absent. */
export function metDeadline<D extends Deadline | null>(deadline: D, at: string): D;
export function metDeadline(deadline: Deadline | null, at: string): Deadline | null {
  return deadline && deadline.metAt === null ? { ...deadline, metAt: at } : deadline;
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
  const approvalOpen =
    change.status === 'pending_approval' ||
    (change.emergency !== null &&
      change.approvedAt === null &&
      change.implementationStartedAt !== null);
  const candidates: Array<{ deadline: DeadlineKind; due: Deadline | null | undefined }> = [
    { deadline: 'approval', due: approvalOpen ? change.approvalDue : null },
    { deadline: 'emergency_documentation', due: change.emergency?.documentation },
    { deadline: 'post_hoc_review', due: change.emergency?.postHocReview },
    { deadline: 'post_incident_review', due: change.incident?.review },
  ];
  return candidates.flatMap(({ deadline, due }) =>
    due && due.metAt === null && due.dueAt < now && !change.missedDeadlines.includes(deadline)
      ? [{ deadline, dueAt: due.dueAt }]
      : [],
  );
}

/**
 * Where a deadline stands at `now`, for reports: `met` in time, `missed` (met late, or unmet and
 * past due), `pending`, or `not_started` (its clock has not started, e.g. not implemented yet).
 */
export function deadlineStatus(
  deadline: Deadline | null,
  now: Date,
): 'met' | 'missed' | 'pending' | 'not_started' {
  if (!deadline) return 'not_started';
  if (deadline.metAt) return deadline.metAt <= deadline.dueAt ? 'met' : 'missed';
  return Date.parse(deadline.dueAt) < now.getTime() ? 'missed' : 'pending';
}
