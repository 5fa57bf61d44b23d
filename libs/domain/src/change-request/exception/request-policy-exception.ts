import { type RequestPolicyException } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { AMENDABLE, existing, requireStatus, stampOf } from '../lifecycle';

/** 002 §5: a deviation from policy is requested with its risk assessment, one at a time. */
export function requestException(
  command: RequestPolicyException,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'request an exception for', [...AMENDABLE, 'implementing']);
  if (change.exception && !change.exception.approved) {
    throw refuse.conflict(
      'CHANGE_REQUEST.EXCEPTION_PENDING',
      `${change.id} already has an exception awaiting sign-off`,
    );
  }
  return [
    { type: 'PolicyExceptionRequested', data: { ...stampOf(command.meta), ...command.data } },
  ];
}
