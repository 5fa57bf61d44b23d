import { type ScheduleChange } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { flag, optionalInstant } from '../guards';
import { existing, requireStatus, stampOf } from '../lifecycle';

/** An approved change is given (or moved to) its implementation time. */
export function schedule(command: ScheduleChange, state: ChangeRequestState): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'schedule', ['approved', 'scheduled']);
  const scheduledFor = optionalInstant('scheduled_for', command.data.scheduledFor);
  if (scheduledFor === null) throw refuse.invalid('scheduled_for', 'is required to schedule');
  const maintenanceWindow = flag('maintenance_window', command.data.maintenanceWindow);
  return [
    {
      type: 'ChangeScheduled',
      data: { ...stampOf(command.meta), scheduledFor, maintenanceWindow },
    },
  ];
}
