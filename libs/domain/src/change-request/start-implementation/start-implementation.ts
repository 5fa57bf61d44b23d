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
import { flag, optionalInstant, optionalText } from '../guards';
import { existing, stampOf, startableStatuses } from '../lifecycle';
import { soleApproverImplementing } from '../separation-of-duties';
import { refuseRequesterImplementing, requireImplementerRole } from '../step-roles';

/** Implementation starts: by hand through this command, or by a reported production deployment. */
export function startImplementation(
  command: StartImplementation,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const { actor } = command.meta;
  const refusal = canStartImplementation(change, actor);
  if (refusal) throw refusal;
  // A person implements by role; a CI deployment starts it through RecordCiFact instead.
  requireImplementerRole(actor, command.data.policy, 'implement');
  refuseRequesterImplementing(change, actor, command.data.policy, 'implement');
  const data = {
    implementationPlan: optionalText('implementation_plan', command.data.implementationPlan),
    scheduledTime: optionalInstant('scheduled_time', command.data.scheduledTime),
    maintenanceWindow: flag('maintenance_window', command.data.maintenanceWindow),
    policy: command.data.policy,
  };
  return implementationStarted(change, data, command.meta);
}

/**
 * Why `actor` may not start implementing `change` now, or null when they may: it is approved (an
 * emergency change may go before its approval, SOC-EMERG-PATH), its rollback plan is complete (SOC-ROLLBACK-PLAN)
 * and the implementer is not its sole approver (POL-SOD).
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
