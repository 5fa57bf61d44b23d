import { PolicyInForce } from '@change-ledger/change-requests';
import { changePageLink } from '@change-ledger/notifications';
import { calendarIcs, CalendarQuery, MAX_CALENDAR_DAYS } from '@change-ledger/read-models';
import { Get, Headers, Query, Req, Res } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { RequestValidationError } from '../../problem-details/request-validation.error';
import { ReadModelsController, ReadQueryContext } from '../read-query';
import { CALENDAR_DEFAULT, calendarPeriodOf } from './calendar-window';
import { CalendarQueryDto } from './calendar.request.dto';
import { ApiOkResponse } from '@nestjs/swagger';
import { CalendarAnswer } from './calendar.response.dto';

/** The change calendar, for a person signed in (the feed by URL is calendar-feed/'s). */
@ReadModelsController()
export class CalendarHttpController {
  constructor(
    private readonly calendar: CalendarQuery,
    private readonly read: ReadQueryContext,
    private readonly policy: PolicyInForce,
  ) {}

  /**
   * The change calendar (issue 17): scheduled changes, their conflicts, maintenance windows,
   * business hours and blackouts of [from, to). iCalendar (`text/calendar`) for calendar apps.
   */
  @Get('calendar')
  @ApiOkResponse({ type: CalendarAnswer })
  async changeCalendar(
    @Query() query: CalendarQueryDto,
    @Headers('accept') accept: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CalendarAnswer | string> {
    await this.read.awaitPosition(query.min_position);
    const { from, to, defaulted } = calendarPeriodOf(query, this.read.now());
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 86_400_000)
      throw new RequestValidationError([
        { field: 'to', reason: `must be at most ${MAX_CALENDAR_DAYS} days after from` },
      ]);
    const view = {
      ...(await this.calendar.view(this.policy.policy.calendar, from, to)),
      period: {
        from: from.toISOString(),
        to: to.toISOString(),
        ...(defaulted ? { default: `${CALENDAR_DEFAULT}: no from and to were given` } : {}),
      },
    };
    if (
      query.format === 'ics' ||
      (query.format === undefined && accept?.includes('text/calendar'))
    ) {
      const origin = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
      response.type('text/calendar; charset=utf-8');
      return calendarIcs(view, {
        name: 'Change Ledger: change calendar',
        host: request.get('host') ?? 'change-ledger',
        linkOf: (id) => changePageLink(origin, id),
      });
    }
    return view;
  }
}
