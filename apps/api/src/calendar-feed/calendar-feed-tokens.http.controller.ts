import { CalendarFeedTokenHandlers, type RequestContext } from '@change-ledger/change-requests';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { type Request } from 'express';
import { OwnReadAccess, FEED_TOKEN_PARAMETER } from '../auth/calendar-feed.decorator';
import { RequestCtx } from '../auth/request-context.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { type AuthenticatedActor } from '@change-ledger/auth';
import { IssueCalendarFeedTokenDto } from './calendar-feed-tokens.dto';
import {
  CalendarFeedTokenAnswer,
  CalendarFeedTokensAnswer,
  IssuedCalendarFeedTokenAnswer,
} from './calendar-feed-tokens.response.dto';

/**
 * A person's calendar feed tokens (issue 28 §3, ADR 0028): issue one (its secret is in this
 * answer and nowhere else, ever), list them (never the secret), revoke one. Each person sees
 * and revokes their own only; a service is refused (403). Not behind `Idempotency-Key`: a kept
 * answer would keep the secret.
 */
@Controller('api/v1/me/calendar-feed-tokens')
@OwnReadAccess()
export class CalendarFeedTokensHttpController {
  constructor(private readonly tokens: CalendarFeedTokenHandlers) {}

  @Post()
  async issue(
    @Body() body: IssueCalendarFeedTokenDto,
    @RequestCtx() context: RequestContext,
    @Req() request: Request,
  ): Promise<IssuedCalendarFeedTokenAnswer> {
    const issued = await this.tokens.issue(
      { label: body.label.trim(), days: body.expires_in_days },
      context,
    );
    const origin = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    return {
      ...issued,
      feed_url: `${origin}/api/v1/change-management/calendar.ics?${FEED_TOKEN_PARAMETER}=${issued.feed_token}`,
      note: 'The feed token is shown once: copy the feed URL into your calendar app now.',
    };
  }

  @Get()
  async list(@CurrentActor() actor: AuthenticatedActor): Promise<CalendarFeedTokensAnswer> {
    return { calendar_feed_tokens: await this.tokens.list(actor) };
  }

  @Delete(':tokenId')
  async revoke(
    @Param('tokenId', new ParseUUIDPipe()) tokenId: string,
    @RequestCtx() context: RequestContext,
  ): Promise<CalendarFeedTokenAnswer> {
    return this.tokens.revoke(tokenId, context);
  }
}
