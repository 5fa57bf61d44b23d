import { type Clock, CLOCK, PolicyInForce } from '@change-ledger/change-requests';
import { changePageLink } from '@change-ledger/notifications';
import { calendarIcs, CalendarQuery } from '@change-ledger/read-models';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { CalendarFeedRoute } from '../auth/calendar-feed.decorator';
import { CALENDAR_DEFAULT, calendarWindowAround } from '../read-models/calendar/calendar-window';
import { CalendarFeedQueryDto } from './calendar-feed-tokens.dto';

/** A calendar app fetches again after this long. */
const REFRESH_SECONDS = 60 * 60;

/**
 * The change calendar by URL, for calendar apps to subscribe to (issue 28 §3): iCalendar only,
 * the window around today (the feed says which), opened by the owner's calendar feed token in
 * `?feed_token=` and by nothing else. It shows what the calendar shows every authenticated
 * reader; the request log records the owner as the principal, and the token redacted.
 */
@Controller('api/v1/change-management')
export class CalendarFeedHttpController {
  constructor(
    private readonly calendar: CalendarQuery,
    private readonly policy: PolicyInForce,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('calendar.ics')
  @CalendarFeedRoute()
  async feed(
    // Validated for its shape of a query; the guard already checked the token itself.
    @Query() _query: CalendarFeedQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const { from, to } = calendarWindowAround(this.clock.now());
    const view = await this.calendar.view(this.policy.policy.calendar, from, to);
    const origin = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    response.type('text/calendar; charset=utf-8');
    // A feed's content is the owner's to see: no shared cache keeps it.
    response.setHeader('Cache-Control', 'private, no-store');
    return calendarIcs(view, {
      name: 'Change Ledger: change calendar',
      host: request.get('host') ?? 'change-ledger',
      linkOf: (id) => changePageLink(origin, id),
      description: `Change Ledger's change calendar, ${CALENDAR_DEFAULT}: ${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)} (exclusive) as of this fetch.`,
      refreshSeconds: REFRESH_SECONDS,
    });
  }
}
