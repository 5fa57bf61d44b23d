import { type ApproveChangeRequest } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeApproved, type ChangeRequestEvent } from '../change-request.events';
import { apply } from '../change-request.evolve';
import { type Actor, type ChangeRequest, type ChangeRequestState } from '../change-request.model';
import { optionalText, texts } from '../guards';
import { AFTER_IMPLEMENTATION, existing, requireStatus, stampOf } from '../lifecycle';
import { refuseRequester, requireDistinctPerson } from '../separation-of-duties';

/**
 * One approval, for one required role. When it is the last one the change is approved, or, for an
 * emergency change already implemented, retroactively approved (SOC-EMERG-PATH).
 */
export function approve(
  command: ApproveChangeRequest,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const retroactive = change.emergency !== null && change.implementationStartedAt !== null;
  if (retroactive) {
    requireStatus(change, 'approve', AFTER_IMPLEMENTATION);
    if (change.approvedAt !== null)
      throw refuse.conflict('CHANGE_REQUEST.ALREADY_APPROVED', `${change.id} is already approved`);
  } else {
    requireStatus(change, 'approve', ['pending_approval']);
  }
  const stamp = stampOf(command.meta);
  const policyVersion = command.data.policy.version;
  const approval: ChangeApproved = {
    type: 'ChangeApproved',
    data: {
      ...stamp,
      role: approvingRole(change, command.meta.actor, command.data.role),
      comments: optionalText('comments', command.data.comments),
      conditions: texts('conditions', command.data.conditions),
      contentVersion: change.contentVersion,
      policyVersion,
      retroactive,
    },
  };
  const after = apply(change, approval);
  if (unsatisfiedRoles(after).length > 0) return [approval];
  const approvers = after.approvals.map(({ approverId, role }) => ({ approverId, role }));
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

/** The required role this approval satisfies, after every separation-of-duties check. */
function approvingRole(change: ChangeRequest, actor: Actor, requested: string | null): string {
  refuseRequester(change, actor, `${actor.id} requested ${change.id} and cannot approve it`);
  requireDistinctPerson(actor, change.approvals, `approved ${change.id}`);
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

/** The required roles no one has approved for yet. */
export function unsatisfiedRoles(change: ChangeRequest): string[] {
  const given = new Set(change.approvals.map((approval) => approval.role));
  return change.requiredApprovals
    .map((required) => required.role)
    .filter((role) => !given.has(role));
}
