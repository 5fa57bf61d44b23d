import { CI_FACT_KINDS, CI_OUTCOMES } from '@change-ledger/domain';
import { IsDateOrTimestamp } from '@change-ledger/untrusted-input';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/**
 * The CI facts' listing's filters, each checked here before it reaches SQL: a value that is not
 * one the listing can hold is a 400 naming its parameter, never a query that fails (issue 26).
 */
export class ListCiEventsQueryDto {
  @IsOptional()
  @Matches(/^CHG-\d{4}-\d{3,}$/, {
    message: 'change_request_id must be a change request id like CHG-2026-001',
  })
  change_request_id?: string;
  /** The CI source that reported it (a CloudEvents `source`, a repository). */
  @IsOptional() @IsString() @MaxLength(500) source?: string;
  @IsOptional() @IsIn(CI_FACT_KINDS) kind?: string;
  @IsOptional() @IsString() @MaxLength(200) environment?: string;
  @IsOptional() @IsIn(CI_OUTCOMES) outcome?: string;
  /** When it happened: [from, to), dates or date-times; a date as `to` includes its day. */
  @IsOptional() @IsDateOrTimestamp() from?: string;
  @IsOptional() @IsDateOrTimestamp() to?: string;
  /** `next_cursor` of the page before, with the same filters. */
  @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}
