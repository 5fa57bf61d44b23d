/** A change with a scheduled window, as the calendar shows it. */
export class CalendarChange {
  change_request_id!: string;
  title!: string;
  status!: string;
  category!: string;
  priority!: string;
  emergency!: boolean;
  requester!: string;
  affected_systems!: string[];
  start!: string;
  end!: string;
  /** The changes it overlaps on one of its systems. */
  conflicts_with!: string[];
}

/** Two changes scheduled on one system at overlapping times (reported, never refused). */
export class CalendarConflict {
  change_request_ids!: string[];
  systems!: string[];
  start!: string;
  end!: string;
}

/** A maintenance window or business hours: one occurrence in the period. */
export class CalendarSlot {
  name!: string;
  start!: string;
  end!: string;
}

export class CalendarBlackout {
  name!: string;
  start!: string;
  end!: string;
  reason!: string | null;
  allow_emergency!: boolean;
  override_roles!: string[];
}

export class CalendarPeriod {
  from!: string;
  to!: string;
  /** Present when neither bound was given: says which window was taken. */
  default?: string;
}

/** The change calendar of [from, to) (JSON; `format=ics` or `Accept: text/calendar` gives iCalendar). */
export class CalendarAnswer {
  from!: string;
  to!: string;
  changes!: CalendarChange[];
  conflicts!: CalendarConflict[];
  maintenance_windows!: CalendarSlot[];
  business_hours!: CalendarSlot[];
  blackouts!: CalendarBlackout[];
  period!: CalendarPeriod;
}
