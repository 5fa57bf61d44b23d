import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** A new feed token: a label to tell it apart in the list, and how long it lives. */
export class IssueCalendarFeedTokenDto {
  /** E.g. "phone" or "work laptop". */
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'label must say something (e.g. "phone")' })
  label!: string;

  /** Days until it stops working (default 180, at most 366): renew by issuing another. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  expires_in_days?: number;
}

/** The feed by URL takes its token and nothing else. */
export class CalendarFeedQueryDto {
  @IsString() feed_token!: string;
}
