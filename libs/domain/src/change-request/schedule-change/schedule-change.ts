import { addMinutesTo } from '../../calendar/change-calendar';
import { type ScheduleChange } from '../change-request.commands';
import { ChangeRequestError, refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { flag, optionalInstant } from '../guards';
import { existing, requireStatus, stampOf } from '../lifecycle';
import { checkSchedule } from './schedule-rules';

export const SCHEDULE_NOT_ALLOWED = 'CHANGE_REQUEST.SCHEDULE_NOT_ALLOWED';

/**
 * An approved change is given (or moved to) its implementation window, held to the policy's
 * calendar: a time in a blackout, outside the slot the change must use, or inside the notice
 * period is refused with the next allowed slots. Emergencies skip the notice and the slots (SOC-EMERG-PATH).
 * Conflicts with other changes on the same systems are reported by the calendar, not refused here.
 */
export function schedule(command: ScheduleChange, state: ChangeRequestState): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'schedule', ['approved', 'scheduled']);
  const scheduledFor = optionalInstant('scheduled_for', command.data.scheduledFor);
  if (scheduledFor === null) throw refuse.invalid('scheduled_for', 'is required to schedule');
  const calendar = command.data.policy.calendar;
  const scheduledUntil =
    optionalInstant('scheduled_until', command.data.scheduledUntil) ??
    addMinutesTo(scheduledFor, calendar.defaultDurationMinutes);
  if (Date.parse(scheduledUntil) <= Date.parse(scheduledFor)) {
    throw refuse.invalid('scheduled_until', 'must be after scheduled_for');
  }
  const maintenanceWindow = flag('maintenance_window', command.data.maintenanceWindow);
  const check = checkSchedule(
    calendar,
    {
      category: change.content.category,
      riskLevel: change.content.riskLevel,
      priority: change.content.priority,
      emergency: change.emergency !== null,
    },
    {
      start: scheduledFor,
      end: scheduledUntil,
      at: command.meta.at,
      roles: command.meta.actor.roles,
    },
  );
  if (!check.allowed) {
    throw new ChangeRequestError(
      SCHEDULE_NOT_ALLOWED,
      'invalid',
      `scheduled_for: ${check.problems.map((problem) => problem.reason).join('; ')}`,
      {
        field: 'scheduled_for',
        reason: check.problems.map((problem) => problem.reason).join('; '),
        problems: check.problems,
        nextSlots: check.nextSlots,
      },
    );
  }
  return [
    {
      type: 'ChangeScheduled',
      data: {
        ...stampOf(command.meta),
        scheduledFor,
        scheduledUntil,
        maintenanceWindow: maintenanceWindow || check.slot === 'maintenance_window',
        slot: check.slot,
        blackoutOverrides: check.overrides,
      },
    },
  ];
}
