import { CATEGORIES, CHANGE_REQUEST_STATUSES, PRIORITIES } from '@change-ledger/domain';
import { IsDateOrTimestamp, IsTimestamp } from '@change-ledger/untrusted-input';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const POSITION = /^\d{1,20}\/\d{1,20}$/;

class ConsistencyDto {
  /** Read your own write: wait until the read model has reached the position a write returned. */
  @IsOptional()
  @Matches(POSITION, { message: 'min_position must be a position a write returned, like 1234/56' })
  min_position?: string;
}

export class ListChangeRequestsQueryDto extends ConsistencyDto {
  @IsOptional() @IsIn(CHANGE_REQUEST_STATUSES) status?: string;
  @IsOptional() @IsIn(CATEGORIES) category?: string;
  @IsOptional() @IsIn(PRIORITIES) priority?: string;
  @IsOptional() @IsString() @MaxLength(100) change_type?: string;
  @IsOptional() @IsString() @MaxLength(200) requester?: string;
  @IsOptional() @IsString() @MaxLength(200) affected_system?: string;
  @IsOptional() @IsDateOrTimestamp() from?: string;
  @IsOptional() @IsDateOrTimestamp() to?: string;
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class PendingApprovalsQueryDto extends ConsistencyDto {
  @IsOptional() @IsString() @MaxLength(100) role?: string;
  /**
   * The queue is paged: `next_cursor` of one answer is the `cursor` of the next, for the same
   * `role` (or none); a cursor of another queue is refused.
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

/**
 * A period [from, to), for deployments, metrics, unauthorized changes and the change log; the
 * current month (UTC) when both are left out, which the answer says.
 */
export class PeriodQueryDto extends ConsistencyDto {
  @IsOptional() @IsDateOrTimestamp() from?: string;
  @IsOptional() @IsDateOrTimestamp() to?: string;
}

/** A period, narrowed to a category, a priority or a system as a dashboard's filters do. */
export class MetricsQueryDto extends PeriodQueryDto {
  @IsOptional() @IsIn(CATEGORIES) category?: string;
  @IsOptional() @IsIn(PRIORITIES) priority?: string;
  @IsOptional() @IsString() @MaxLength(200) affected_system?: string;
}

export class ChangeLogQueryDto extends PeriodQueryDto {
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  /** What the ledger knew at that instant: folded from the events recorded before it. */
  @IsOptional() @IsTimestamp() as_of?: string;
}

export class MonthlyReportQueryDto extends ConsistencyDto {
  /** Left out: the current month (UTC), said in the answer's `default`. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month like 2025-01' })
  period?: string;
}

export class EmergencyReportQueryDto extends ConsistencyDto {
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'quarter must be like 2026-Q1' }) quarter!: string;
}

export class IncidentsQueryDto extends ConsistencyDto {
  /** `true`: only incidents whose post-incident review is not done. */
  @IsOptional() @IsIn(['true', 'false']) open?: 'true' | 'false';
}

/** The change calendar of [from, to): dates or date-times; JSON or iCalendar. */
export class CalendarQueryDto extends ConsistencyDto {
  /** Both left out: from 7 days before today to 31 days after. */
  @IsOptional() @IsDateOrTimestamp() from?: string;
  @IsOptional() @IsDateOrTimestamp() to?: string;
  @IsOptional() @IsIn(['json', 'ics']) format?: 'json' | 'ics';
}
