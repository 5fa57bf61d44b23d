import { type Policy } from '../../policy/policy';
import { type Actor } from '../../change-request/change-request.model';
import { exceptionSignOff } from '../../change-request/exception-sign-off';
import { refuseException } from '../standing-exception.errors';
import { type StandingExceptionEvent } from '../standing-exception.events';
import { type StandingExceptions } from '../standing-exception';

export interface ApproveStandingException {
  type: 'ApproveStandingException';
  data: { exceptionId: string; role: string | null };
  metadata: { actor: Actor; at: string };
}

/**
 * POL-EXCEPTIONS: approved once every role of the policy's `exceptions.approvers` has signed it off, each
 * by a different person, never by whoever requested it, never by a service.
 */
export function approveStandingException(
  command: ApproveStandingException,
  exceptions: StandingExceptions,
  policy: Policy,
): StandingExceptionEvent[] {
  const { actor, at } = command.metadata;
  const { exceptionId } = command.data;
  const exception = exceptions.get(exceptionId);
  if (!exception) throw refuseException.notFound(exceptionId);
  if (actor.kind !== 'user') throw refuseException.notAPerson(actor.id);
  if (exception.approved) throw refuseException.alreadyApproved(exceptionId);
  if (actor.id === exception.requestedBy) throw refuseException.selfApproval(actor.id, exceptionId);
  if (exception.approvals.some((signOff) => signOff.approverId === actor.id))
    throw refuseException.onePerPerson(actor.id, exceptionId);
  const { open, role } = exceptionSignOff(policy, exception.approvals, actor, command.data.role);
  if (!role) throw refuseException.missingRole('sign off', actor.id, open);
  const signedOff: StandingExceptionEvent = {
    type: 'StandingExceptionSignedOff',
    data: {
      exceptionId,
      role,
      approverId: actor.id,
      signedOffAt: at,
      policyVersion: policy.version,
    },
  };
  if (open.length > 1) return [signedOff];
  return [
    signedOff,
    {
      type: 'StandingExceptionApproved',
      data: {
        exceptionId,
        approvers: [...exception.approvals, { approverId: actor.id, role }],
        approvedAt: at,
      },
    },
  ];
}
