import { type RequestPolicyException } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { text } from '../guards';
import { AMENDABLE, existing, requireStatus, stampOf } from '../lifecycle';
import { requireRequesterOrChangeManager } from '../separation-of-duties';

/** 002 §5: a deviation from policy is requested with its risk assessment, one at a time. */
export function requestException(
  command: RequestPolicyException,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'request an exception for', [...AMENDABLE, 'implementing']);
  // 002 §5: the deviation is documented and risk-assessed by whoever owns the change's record.
  requireRequesterOrChangeManager(change, command.meta.actor, 'request an exception for');
  const deviation = text('deviation', command.data.deviation);
  const riskAssessment = text('risk_assessment', command.data.riskAssessment);
  if (change.exception && !change.exception.approved) {
    throw refuse.conflict(
      'CHANGE_REQUEST.EXCEPTION_PENDING',
      `${change.id} already has an exception awaiting sign-off`,
    );
  }
  return [
    {
      type: 'PolicyExceptionRequested',
      data: { ...stampOf(command.meta), deviation, riskAssessment },
    },
  ];
}
