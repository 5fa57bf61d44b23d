import { type OutboxQueries } from '@change-ledger/notifications';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const OUTBOX_QUERIES = Symbol('OUTBOX_QUERIES');

export class NotificationsQueryDto {
  @IsOptional() @IsIn(['pending', 'sent', 'parked']) status?: 'pending' | 'sent' | 'parked';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/**
 * The notification outbox, read-only: what was sent, what waits for a retry, and what was parked
 * after repeated failures (with its last error), so a message that could not go is never lost
 * from sight. Parked first.
 */
@Controller('api/v1/change-management/notifications')
export class NotificationsController {
  constructor(@Inject(OUTBOX_QUERIES) private readonly outbox: OutboxQueries) {}

  @Get()
  async list(@Query() query: NotificationsQueryDto) {
    return {
      notifications: await this.outbox.list({ status: query.status, limit: query.limit ?? 100 }),
    };
  }
}
