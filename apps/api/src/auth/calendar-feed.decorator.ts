import { SetMetadata } from '@nestjs/common';

export const CALENDAR_FEED_ROUTE = 'change-ledger:calendar-feed-route';

/**
 * The one route a calendar feed token opens (the iCalendar feed by URL), and which opens with
 * nothing else: the guard takes its `feed_token` query parameter instead of an Authorization
 * header. Every other route refuses a feed token, wherever it is sent.
 */
export const CalendarFeedRoute = () => SetMetadata(CALENDAR_FEED_ROUTE, true);

/** The query parameter of the feed by URL (redacted from request logs with every `…token`). */
export const FEED_TOKEN_PARAMETER = 'feed_token';

export const OWN_READ_ACCESS = 'change-ledger:own-read-access';

/**
 * A write that only manages the caller's own read access (issuing or revoking their calendar
 * feed tokens): read-only principals and people without a role may make it, as they may read.
 */
export const OwnReadAccess = () => SetMetadata(OWN_READ_ACCESS, true);
