import { type RequestContext } from '@change-ledger/change-requests';
import { NotificationOperations, type OutboxQueries } from '@change-ledger/notifications';
import {
  IsDateOrTimestamp,
  parseDateOrTimestamp,
  parsePeriodEnd,
} from '@change-ledger/untrusted-input';
import { Body, Controller, Get, HttpCode, Inject, Param, Query } from '@nestjs/common';
import { ApiAcceptedResponse } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RequestCtx } from '../auth/request-context.decorator';
import { IdempotentPost } from '../idempotency/idempotency.interceptor';
import { NotificationsAnswer, ReplayAnswer, ResendAnswer } from './notifications.response.dto';

export const OUTBOX_QUERIES = Symbol('OUTBOX_QUERIES');

export class NotificationsQueryDto {
  @IsOptional() @IsIn(['pending', 'sent', 'parked']) status?: 'pending' | 'sent' | 'parked';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/** A window of events to plan deliveries for, over one channel enabled after they were passed. */
export class ReplayNotificationsDto {
  @IsIn(['email', 'slack', 'webhook']) channel!: 'email' | 'slack' | 'webhook';
  /** The events recorded from then (a date is its midnight UTC, or an RFC 3339 instant). */
  @IsDateOrTimestamp() since!: string;
  /** Up to then (a date includes its day); default, and at the latest: now. */
  @IsOptional() @IsDateOrTimestamp() until?: string;
}

/**
 * The notification outbox: what was sent, what waits for a retry, and what was parked after
 * repeated failures (with its last error), so a message that could not go is never lost from
 * sight. Parked first. Operators (the policy's `notifications.operator_roles`) may resend a parked
 * delivery and replay a window for a channel enabled late; both are recorded in the ledger and
 * carried out by the notifier (202: it answers once it passed the request's position).
 */
@Controller('api/v1/change-management/notifications')
export class NotificationsController {
  constructor(
    @Inject(OUTBOX_QUERIES) private readonly outbox: OutboxQueries,
    private readonly operations: NotificationOperations,
  ) {}

  @Get()
  async list(@Query() query: NotificationsQueryDto): Promise<NotificationsAnswer> {
    return {
      notifications: await this.outbox.list({ status: query.status, limit: query.limit ?? 100 }),
    };
  }

  /** A parked delivery back to pending, from its first attempt; who asked and when are kept. */
  @IdempotentPost(':deliveryId/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ResendAnswer })
  async resend(@Param('deliveryId') deliveryId: string, @RequestCtx() context: RequestContext) {
    return this.operations.resend(deliveryId, context);
  }

  /**
   * Plans the deliveries of one channel for the events recorded in [since, until): for a channel
   * enabled after the notifier passed them. What was planned before is not planned again.
   */
  @IdempotentPost('replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReplayAnswer })
  async replay(@Body() body: ReplayNotificationsDto, @RequestCtx() context: RequestContext) {
    return this.operations.replay(
      {
        channel: body.channel,
        since: parseDateOrTimestamp(body.since)!,
        until: body.until === undefined ? undefined : parsePeriodEnd(body.until)!,
      },
      context,
    );
  }
}
