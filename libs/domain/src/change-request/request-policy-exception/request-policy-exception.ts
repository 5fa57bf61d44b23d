import { waivedGates } from '../../deploy-gate/waivable-gates';
import { type RequestPolicyException } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { text } from '../guards';
import { AMENDABLE, existing, requireStatus, stampOf } from '../lifecycle';
import { requireRequesterOrChangeManager } from '../separation-of-duties';

/**
 * POL-EXCEPTIONS: a deviation from policy is requested with its risk assessment, one at a time. It names
 * the deploy gates it is to waive for this change (ADR 0022); one that names none documents a
 * deviation and waives nothing.
 */
export function requestException(
  command: RequestPolicyException,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'request an exception for', [...AMENDABLE, 'implementing']);
  // POL-EXCEPTIONS: the deviation is documented and risk-assessed by whoever owns the change's record.
  requireRequesterOrChangeManager(change, command.meta.actor, 'request an exception for');
  const deviation = text('deviation', command.data.deviation);
  const riskAssessment = text('risk_assessment', command.data.riskAssessment);
  const waived = waivedGates(command.data.gates);
  if (waived.problem !== null) throw refuse.invalid('gates', waived.problem);
  if (change.exceptions.some((exception) => !exception.approved)) {
    throw refuse.conflict(
      'CHANGE_REQUEST.EXCEPTION_PENDING',
      `${change.id} already has an exception awaiting sign-off`,
    );
  }
  return [
    {
      type: 'PolicyExceptionRequested',
      data: {
        ...stampOf(command.meta),
        exceptionId: `${change.id}-EXC-${change.exceptions.length + 1}`,
        deviation,
        riskAssessment,
        gates: waived.gates,
      },
    },
  ];
}
