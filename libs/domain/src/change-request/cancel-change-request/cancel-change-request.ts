import { type CancelChangeRequest } from '../change-request.commands';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { text } from '../guards';
import { CANCELLABLE, existing, requireStatus, stampOf } from '../lifecycle';
import { requireRequesterOrChangeManager } from '../separation-of-duties';

/** Withdrawn before implementation; once implemented, a change is completed, failed or rolled back. */
export function cancel(
  command: CancelChangeRequest,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'cancel', CANCELLABLE);
  requireRequesterOrChangeManager(change, command.meta.actor, 'cancel');
  return [
    {
      type: 'ChangeRequestCancelled',
      data: { ...stampOf(command.meta), reason: text('reason', command.data.reason) },
    },
  ];
}
