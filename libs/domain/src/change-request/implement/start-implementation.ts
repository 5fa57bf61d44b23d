import { type CommandMeta, type StartImplementation } from '../change-request.commands';
import { type ChangeRequestError, refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import {
  type Actor,
  type ChangeRequest,
  type ChangeRequestState,
  isComplete,
} from '../change-request.model';
import { documentationMet, emergencyDueDates } from '../deadlines';
import { existing, stampOf, startableStatuses } from '../lifecycle';
import { soleApproverImplementing } from '../separation-of-duties';

/** Implementation starts: by hand through this command, or by a reported production deployment. */
export function startImplementation(
  command: StartImplementation,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const refusal = canStartImplementation(change, command.meta.actor);
  if (refusal) throw refusal;
  return implementationStarted(change, command.data, command.meta);
}

/**
 * Why `actor` may not start implementing `change` now, or null when they may: it is approved (an
 * emergency change may go before its approval, 003 §5), its rollback plan is complete (003 §4)
 * and the implementer is not its sole approver (002 §3.7).
 */
export function canStartImplementation(
  change: ChangeRequest,
  actor: Actor,
): ChangeRequestError | null {
  const allowed = startableStatuses(change);
  if (!allowed.includes(change.status)) {
    return refuse.transition('implement', change.status, allowed);
  }
  if (!change.emergency && !isComplete(change.content.rollbackPlan)) {
    return refuse.incomplete('implement', [
      'rollback_plan (trigger_condition, steps, owner, verification_steps, time_estimate_minutes)',
    ]);
  }
  return soleApproverImplementing(change, actor);
}

/**
 * What starting records, once allowed: for an emergency change its documentation and post-hoc
 * review clocks start, and it is documented at once when its record is already complete.
 */
export function implementationStarted(
  change: ChangeRequest,
  data: StartImplementation['data'],
  meta: CommandMeta,
): ChangeRequestEvent[] {
  const stamp = stampOf(meta);
  const due = change.emergency ? emergencyDueDates(data.policy, meta.at) : null;
  const started: ChangeRequestEvent = {
    type: 'ChangeImplementationStarted',
    data: {
      ...stamp,
      implementationPlan: data.implementationPlan,
      scheduledTime: data.scheduledTime,
      maintenanceWindow: data.maintenanceWindow,
      approvedBeforeImplementation: change.approvedAt !== null,
      documentationDueAt: due?.documentationDueAt ?? null,
      postHocReviewDueAt: due?.postHocReviewDueAt ?? null,
    },
  };
  const documented = due
    ? documentationMet({ dueAt: due.documentationDueAt, metAt: null }, change.content, stamp)
    : null;
  return documented ? [started, documented] : [started];
}
