import { DateTime, Interval } from 'luxon';
import { type Category, type Priority, type Weekday, WEEKDAYS } from '../policy/policy';
import { type RiskLevel } from '../change-request/change-request.model';

/**
 * The change calendar of the policy: when changes may go to production (SOC-SCHEDULE "Schedule: avoid
 * peak hours; stakeholders notified ≥24 hours in advance", OPS-WINDOW "standard changes during
 * business hours, high-risk changes during the maintenance window"). Weekly slots are wall-clock
 * times in a named IANA time zone, so "Tue/Thu 02:00–04:00 Europe/Berlin" stays at 02:00 Berlin
 * time across daylight-saving changes. The arithmetic is luxon's (IANA zones through Intl), never
 * offsets added by hand. Pure: every instant comes in as an ISO string.
 */

/** A weekly recurring slot, e.g. Tue/Thu 02:00–04:00 Europe/Berlin. */
export interface WeeklySlot {
  name: string;
  days: Weekday[];
  /** Wall-clock "HH:MM" in `timeZone`; an end at or before the start ends the next day. */
  start: string;
  end: string;
  timeZone: string;
}

/** A freeze: no change in it, except emergencies (when allowed) and the named roles. */
export interface Blackout {
  name: string;
  /** Instants (ISO 8601, resolved from the policy's wall-clock times at load). */
  start: string;
  end: string;
  reason: string | null;
  allowEmergency: boolean;
  overrideRoles: string[];
}

export type SlotKind = 'maintenance_window' | 'business_hours';

/** Which changes must use a kind of slot: any category, risk level or priority listed. */
export interface PlacementRule {
  categories: Category[];
  riskLevels: RiskLevel[];
  priorities: Priority[];
}

export interface ChangeCalendar {
  /** How long before its start a change must be scheduled (SOC-SCHEDULE: 24 hours). */
  noticeMinutes: number;
  /** How long a scheduled change occupies its system when the schedule names no end. */
  defaultDurationMinutes: number;
  maintenanceWindows: WeeklySlot[];
  businessHours: WeeklySlot[];
  blackouts: Blackout[];
  /** Checked in this order: a change that must use a maintenance window never falls to business hours. */
  placement: Record<SlotKind, PlacementRule>;
}

/** A calendar that only asks for SOC-SCHEDULE's notice: what a policy without a `calendar` gets. */
export function noticeOnlyCalendar(noticeMinutes = 24 * 60): ChangeCalendar {
  const none: PlacementRule = { categories: [], riskLevels: [], priorities: [] };
  return {
    noticeMinutes,
    defaultDurationMinutes: 120,
    maintenanceWindows: [],
    businessHours: [],
    blackouts: [],
    placement: { maintenance_window: none, business_hours: none },
  };
}

/** A stretch of time, start inclusive, end exclusive, as ISO instants. */
export interface TimeRange {
  start: string;
  end: string;
}

/** A slot occurrence or a free stretch a change may be placed in; `end` null: open-ended. */
export interface AllowedSlot {
  start: string;
  end: string | null;
  kind: SlotKind | 'any';
  name: string | null;
}

export interface PlacedChange {
  category: Category;
  riskLevel: RiskLevel | null;
  priority: Priority;
  emergency: boolean;
}

/** The kind of slot a change must use, or null: it may go at any time outside blackouts. */
export function requiredSlotKind(calendar: ChangeCalendar, change: PlacedChange): SlotKind | null {
  if (change.emergency) return null;
  for (const kind of ['maintenance_window', 'business_hours'] as const) {
    const rule = calendar.placement[kind];
    if (
      rule.categories.includes(change.category) ||
      (change.riskLevel !== null && rule.riskLevels.includes(change.riskLevel)) ||
      rule.priorities.includes(change.priority)
    ) {
      return kind;
    }
  }
  return null;
}

export function slotsOf(calendar: ChangeCalendar, kind: SlotKind): WeeklySlot[] {
  return kind === 'maintenance_window' ? calendar.maintenanceWindows : calendar.businessHours;
}

/**
 * Every occurrence of the weekly slots that overlaps [from, to), in start order. Each day is
 * taken in the slot's own zone; on the night clocks spring forward a 02:30 start that does not
 * exist moves to 03:30 (luxon's rule, the one calendar apps follow).
 */
export function occurrences(
  slots: readonly WeeklySlot[],
  from: string,
  to: string,
): Array<TimeRange & { name: string }> {
  const range = interval(from, to);
  const found: Array<TimeRange & { name: string }> = [];
  for (const slot of slots) {
    // A slot that starts the day before `from` may still be open at `from`.
    let day = range.start!.setZone(slot.timeZone).startOf('day').minus({ days: 1 });
    const last = range.end!.setZone(slot.timeZone).startOf('day');
    while (day <= last) {
      if (slot.days.includes(weekdayOf(day))) {
        const start = atClock(day, slot.start);
        let end = atClock(day, slot.end);
        if (end <= start) end = atClock(day.plus({ days: 1 }), slot.end);
        const occurrence = Interval.fromDateTimes(start, end);
        if (occurrence.overlaps(range)) {
          found.push({ name: slot.name, start: iso(start), end: iso(end) });
        }
      }
      day = day.plus({ days: 1 });
    }
  }
  return found.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** The blackouts that overlap [start, end). */
export function blackoutsOverlapping(
  calendar: ChangeCalendar,
  range: TimeRange,
): readonly Blackout[] {
  const wanted = interval(range.start, range.end);
  return calendar.blackouts.filter((blackout) =>
    interval(blackout.start, blackout.end).overlaps(wanted),
  );
}

/** May this actor (or an emergency) go ahead in the blackout? The role that allows it, if any. */
export function blackoutOverride(
  blackout: Blackout,
  who: { roles: readonly string[]; emergency: boolean },
): string | null {
  if (who.emergency && blackout.allowEmergency) return 'emergency';
  return blackout.overrideRoles.find((role) => who.roles.includes(role)) ?? null;
}

/** Is [start, end) wholly inside one occurrence of the slots? */
export function withinSlot(slots: readonly WeeklySlot[], range: TimeRange): TimeRange | null {
  const wanted = interval(range.start, range.end);
  return (
    occurrences(slots, range.start, range.end).find((occurrence) =>
      interval(occurrence.start, occurrence.end).engulfs(wanted),
    ) ?? null
  );
}

/** How far ahead the next slots are looked for: a year covers any weekly or yearly pattern. */
const HORIZON_DAYS = 400;

/**
 * The next places a change of `durationMinutes` may start from `earliest` on: occurrences of the
 * required slot kind (or, with none required, the free stretches between blackouts), less the
 * blackouts the change may not override, long enough to hold it. At most `count`.
 */
export function nextAllowedSlots(
  calendar: ChangeCalendar,
  options: {
    kind: SlotKind | null;
    earliest: string;
    durationMinutes: number;
    blocking: readonly Blackout[];
    count?: number;
  },
): AllowedSlot[] {
  const { kind, earliest, durationMinutes, blocking } = options;
  const count = options.count ?? 3;
  const horizon = iso(DateTime.fromISO(earliest).plus({ days: HORIZON_DAYS }));
  const candidates: Array<{ range: Interval; name: string | null; open: boolean }> = kind
    ? occurrences(slotsOf(calendar, kind), earliest, horizon).map((occurrence) => ({
        range: interval(occurrence.start, occurrence.end),
        name: occurrence.name,
        open: false,
      }))
    : [{ range: interval(earliest, horizon), name: null, open: true }];
  const blocked = blocking.map((blackout) => interval(blackout.start, blackout.end));
  const from = DateTime.fromISO(earliest, { setZone: true });
  const slots: AllowedSlot[] = [];
  for (const candidate of candidates) {
    const clipped = Interval.fromDateTimes(
      DateTime.max(candidate.range.start!, from),
      candidate.range.end!,
    );
    if (!clipped.isValid) continue;
    for (const free of clipped.difference(...blocked)) {
      if (free.length('minutes') < durationMinutes) continue;
      const openEnded = candidate.open && +free.end! === +candidate.range.end!;
      slots.push({
        start: iso(free.start!),
        end: openEnded ? null : iso(free.end!),
        kind: kind ?? 'any',
        name: candidate.name,
      });
      if (slots.length === count) return slots;
    }
  }
  return slots;
}

export function addMinutesTo(instant: string, minutes: number): string {
  return iso(DateTime.fromISO(instant, { setZone: true }).plus({ minutes }));
}

/** Is `time` a zone luxon (and so Intl) knows, e.g. "Europe/Berlin"? */
export function isKnownTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/**
 * A wall-clock date or date-time without an offset ("2026-12-20", "2026-12-20T18:00") read in
 * `zone`; one with an offset keeps it. Null when it is not a date.
 */
export function instantInZone(text: string, zone: string): string | null {
  const parsed = DateTime.fromISO(text, { zone });
  return parsed.isValid ? iso(parsed) : null;
}

function interval(start: string, end: string): Interval {
  return Interval.fromDateTimes(
    DateTime.fromISO(start, { setZone: true }),
    DateTime.fromISO(end, { setZone: true }),
  );
}

function atClock(day: DateTime, clock: string): DateTime {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  // 24:00 is the end of the day: midnight of the next one.
  return hour === 24
    ? day.plus({ days: 1 }).startOf('day')
    : day.set({ hour, minute, second: 0, millisecond: 0 });
}

function weekdayOf(day: DateTime): Weekday {
  return WEEKDAYS[day.weekday - 1]!;
}

/** UTC ISO with milliseconds, the form every other instant of the ledger takes. */
function iso(time: DateTime): string {
  return time.toUTC().toISO()!;
}
