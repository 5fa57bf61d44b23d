import {
  addMinutesTo,
  blackoutsOverlapping,
  requiredSlotKind,
  slotsOf,
  withinSlot,
} from '../calendar/change-calendar';
import { type ChangeRequest } from '../change-request/change-request.model';
import { describeSlot } from '../change-request/schedule-change/schedule-rules';
import { type Policy, WEEKDAYS } from '../policy/policy';
import { failed, type GateResult, notApplicable, passed } from './gate-result';

/**
 * The window gate, from the change calendar: a scheduled change deploys inside its scheduled
 * window (and outside blackouts it was not allowed into); an unscheduled one outside blackouts
 * and inside the kind of slot the calendar places it in. A policy from before the calendar keeps
 * its UTC deployment windows for what the calendar does not place.
 */
export function windowGate(change: ChangeRequest, policy: Policy, now: string): GateResult {
  const calendar = policy.calendar;
  const instant = { start: now, end: addMinutesTo(now, 1) };
  const overridden = new Set((change.blackoutOverrides ?? []).map((entry) => entry.blackout));
  const blackout = blackoutsOverlapping(calendar, instant).find(
    (entry) => !overridden.has(entry.name),
  );
  if (blackout) {
    return failed(
      'deployment_window',
      { now, blackout: { name: blackout.name, start: blackout.start, end: blackout.end } },
      `inside the blackout "${blackout.name}" (${blackout.start} – ${blackout.end})`,
    );
  }
  if (change.status === 'scheduled' && change.scheduledFor) {
    const window = {
      start: change.scheduledFor,
      end:
        change.scheduledUntil ?? addMinutesTo(change.scheduledFor, calendar.defaultDurationMinutes),
    };
    const inside =
      Date.parse(now) >= Date.parse(window.start) && Date.parse(now) < Date.parse(window.end);
    return inside
      ? passed('deployment_window', { now, scheduled: window }, 'inside the scheduled window')
      : failed(
          'deployment_window',
          { now, scheduled: window },
          `outside the scheduled window (${window.start} – ${window.end}); reschedule the change to deploy now`,
        );
  }
  const kind = requiredSlotKind(calendar, {
    category: change.content.category,
    riskLevel: change.content.riskLevel,
    priority: change.content.priority,
    emergency: false,
  });
  if (kind !== null) {
    const slots = slotsOf(calendar, kind);
    const open = withinSlot(slots, instant);
    const label = kind === 'maintenance_window' ? 'maintenance window' : 'business hours';
    return open
      ? passed('deployment_window', { now, [kind]: open }, `inside the ${label}`)
      : failed(
          'deployment_window',
          { now, [kind]: slots.map(describeSlot) },
          `outside the ${label} this change must use (${slots.map(describeSlot).join('; ')})`,
        );
  }
  return legacyWindowGate(policy, now);
}

function legacyWindowGate(policy: Policy, now: string): GateResult {
  const windows = policy.deployGates.deploymentWindows;
  if (windows.length === 0) {
    return notApplicable(
      'deployment_window',
      'the calendar places no window on this change and the policy sets no deployment windows',
    );
  }
  const at = new Date(now);
  const day = WEEKDAYS[(at.getUTCDay() + 6) % 7]!;
  const minute = at.getUTCHours() * 60 + at.getUTCMinutes();
  const open = windows.find(
    (window) =>
      window.days.includes(day) && minute >= window.startMinute && minute < window.endMinute,
  );
  const described = windows.map(describeWindow);
  return open
    ? passed(
        'deployment_window',
        { now, window: describeWindow(open) },
        'inside an allowed deployment window',
      )
    : failed(
        'deployment_window',
        { now, windows: described },
        `outside the allowed deployment windows (${described.join('; ')})`,
      );
}

function describeWindow(window: {
  days: string[];
  startMinute: number;
  endMinute: number;
}): string {
  const clock = (minute: number) =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return `${window.days.join(',')} ${clock(window.startMinute)}–${clock(window.endMinute)} UTC`;
}
