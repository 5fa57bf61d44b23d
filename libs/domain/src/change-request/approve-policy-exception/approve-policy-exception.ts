import { type ApprovePolicyException } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { existing, stampOf } from '../lifecycle';
import { exceptionSignOff } from '../exception-sign-off';
import {
  refuseExceptionRequester,
  refuseRequester,
  requireDistinctPerson,
} from '../separation-of-duties';

/**
 * POL-EXCEPTIONS: an exception is approved once every role the policy names has signed it off, each by
 * another person, none of them the change's requester or the exception's (a change manager who
 * asked for it), as for an exception for a service and a period.
 */
export function approveException(
  command: ApprovePolicyException,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const { actor } = command.meta;
  const exception = change.exceptions.find((requested) => !requested.approved);
  if (!exception) {
    throw refuse.conflict(
      'CHANGE_REQUEST.NO_EXCEPTION_PENDING',
      `${change.id} has no exception awaiting sign-off`,
    );
  }
  refuseRequester(change, actor, 'A requester never signs off an exception to their own change');
  refuseExceptionRequester(change, exception, actor);
  requireDistinctPerson(actor, exception.approvals, 'signed off this exception');
  const { policy } = command.data;
  const { open, role } = exceptionSignOff(policy, exception.approvals, actor, command.data.role);
  if (!role) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.NOT_AN_APPROVER',
      `An exception is signed off by ${open.join(' and ')} (002 §5)`,
      { open, actorRoles: actor.roles },
    );
  }
  const stamp = stampOf(command.meta);
  const signedOff: ChangeRequestEvent = {
    type: 'PolicyExceptionSignedOff',
    data: { ...stamp, role, policyVersion: policy.version, exceptionId: exception.id },
  };
  if (open.length > 1) return [signedOff];
  const approvers = [...exception.approvals, { approverId: actor.id, role }];
  return [
    signedOff,
    { type: 'PolicyExceptionApproved', data: { ...stamp, approvers, exceptionId: exception.id } },
  ];
}
