import { type ScheduleChange } from '../change-request.commands';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { existing, requireStatus, stampOf } from '../lifecycle';

/** An approved change is given (or moved to) its implementation time. */
export function schedule(command: ScheduleChange, state: ChangeRequestState): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'schedule', ['approved', 'scheduled']);
  return [{ type: 'ChangeScheduled', data: { ...stampOf(command.meta), ...command.data } }];
}
