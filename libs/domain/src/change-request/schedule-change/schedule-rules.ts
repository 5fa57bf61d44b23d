import {
  type AllowedSlot,
  type Blackout,
  blackoutOverride,
  blackoutsOverlapping,
  type ChangeCalendar,
  nextAllowedSlots,
  type PlacedChange,
  requiredSlotKind,
  type SlotKind,
  slotsOf,
  type TimeRange,
  withinSlot,
} from '../../calendar/change-calendar';

/** Why a time is not allowed, one entry per rule it breaks. */
export interface ScheduleProblem {
  rule: 'notice_period' | 'blackout' | 'maintenance_window' | 'business_hours';
  reason: string;
}

export interface BlackoutOverride {
  blackout: string;
  /** The role that allowed it, or `emergency`. */
  allowedAs: string;
}

export type ScheduleCheck =
  | { allowed: true; slot: SlotKind | null; overrides: BlackoutOverride[] }
  | { allowed: false; problems: ScheduleProblem[]; nextSlots: AllowedSlot[] };

/**
 * May a change take [start, end), scheduled at `at` by someone with `roles`? The rules of the
 * calendar, each checked so a refusal names all it breaks and where the change could go instead:
 * at least the notice period ahead (SOC-SCHEDULE; not for emergencies, SOC-EMERG-PATH), outside blackouts
 * (unless the change or the person may override one), inside the kind of slot its category,
 * risk or priority requires (OPS-WINDOW). Used by the schedule command and the calendar's checks.
 */
export function checkSchedule(
  calendar: ChangeCalendar,
  change: PlacedChange,
  request: TimeRange & { at: string; roles: readonly string[] },
): ScheduleCheck {
  const problems: ScheduleProblem[] = [];
  const durationMinutes = (Date.parse(request.end) - Date.parse(request.start)) / 60_000;
  const earliest = change.emergency
    ? request.at
    : new Date(Date.parse(request.at) + calendar.noticeMinutes * 60_000).toISOString();
  if (Date.parse(request.start) < Date.parse(earliest)) {
    problems.push({
      rule: 'notice_period',
      reason: `starts less than ${hours(calendar.noticeMinutes)} from now; stakeholders are told at least that far ahead (003 §2)`,
    });
  }

  const who = { roles: request.roles, emergency: change.emergency };
  const overrides: BlackoutOverride[] = [];
  const blocking: Blackout[] = [];
  for (const blackout of calendar.blackouts) {
    const allowedAs = blackoutOverride(blackout, who);
    if (allowedAs === null) blocking.push(blackout);
    else if (blackoutsOverlapping({ ...calendar, blackouts: [blackout] }, request).length > 0) {
      overrides.push({ blackout: blackout.name, allowedAs });
    }
  }
  for (const blackout of blackoutsOverlapping({ ...calendar, blackouts: blocking }, request)) {
    const whoMay = [
      ...(blackout.allowEmergency ? ['emergency changes'] : []),
      ...blackout.overrideRoles,
    ];
    problems.push({
      rule: 'blackout',
      reason: `falls in the blackout "${blackout.name}" (${blackout.start} – ${blackout.end})${whoMay.length > 0 ? `; only ${whoMay.join(', ')} may override it` : ''}`,
    });
  }

  const kind = requiredSlotKind(calendar, change);
  if (kind !== null && withinSlot(slotsOf(calendar, kind), request) === null) {
    problems.push({
      rule: kind,
      reason: `a ${describeChange(change)} change runs ${kind === 'maintenance_window' ? 'in a maintenance window' : 'in business hours'} (OPS-01): ${slotsOf(
        calendar,
        kind,
      )
        .map(describeSlot)
        .join('; ')}`,
    });
  }

  if (problems.length === 0) return { allowed: true, slot: kind, overrides };
  const latest = Math.max(Date.parse(earliest), Date.parse(request.at));
  return {
    allowed: false,
    problems,
    nextSlots: nextAllowedSlots(calendar, {
      kind,
      earliest: new Date(latest).toISOString(),
      durationMinutes,
      blocking,
    }),
  };
}

function describeChange(change: PlacedChange): string {
  return [change.category, change.riskLevel ? `${change.riskLevel}-risk` : null]
    .filter(Boolean)
    .join(', ');
}

export function describeSlot(slot: {
  days: string[];
  start: string;
  end: string;
  timeZone: string;
}): string {
  return `${slot.days.join('/')} ${slot.start}–${slot.end} ${slot.timeZone}`;
}

function hours(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
}
