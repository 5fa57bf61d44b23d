/** A person's calendar feed token, never with its secret (ADR 0028). */
export class CalendarFeedTokenAnswer {
  token_id!: string;
  label!: string;
  issued_at!: string;
  expires_at!: string;
  revoked_at!: string | null;
  revoked_by!: string | null;
}

/** A token just issued: its secret and the feed's URL, in this answer and nowhere else, ever. */
export class IssuedCalendarFeedTokenAnswer extends CalendarFeedTokenAnswer {
  feed_token!: string;
  /** The change calendar's iCalendar feed, opened by this token alone. */
  feed_url!: string;
  note!: string;
}

/** The person's own tokens, newest first. */
export class CalendarFeedTokensAnswer {
  calendar_feed_tokens!: CalendarFeedTokenAnswer[];
}
