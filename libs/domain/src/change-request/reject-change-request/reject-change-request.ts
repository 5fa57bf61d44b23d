import { type RejectChangeRequest } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { text } from '../guards';
import { existing, requireStatus, stampOf } from '../lifecycle';
import { refuseRequester } from '../separation-of-duties';

/** Any one required approver may reject a pending change, with the reason. */
export function reject(
  command: RejectChangeRequest,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const { actor } = command.meta;
  requireStatus(change, 'reject', ['pending_approval']);
  refuseRequester(change, actor, 'A requester does not reject their own change; cancel it instead');
  const held = change.requiredApprovals
    .map((required) => required.role)
    .filter((required) => actor.roles.includes(required));
  const role =
    command.data.role === null ? held[0] : held.find((required) => required === command.data.role);
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
        ...stampOf(command.meta),
        role,
        reason: text('reason', command.data.reason),
        policyVersion: command.data.policy.version,
      },
    },
  ];
}
