import { IsDateOrTimestamp } from '@change-ledger/untrusted-input';
import { IsIn, IsOptional } from 'class-validator';
import { ConsistencyDto } from '../read-query';

/** The change calendar of [from, to): dates or date-times; JSON or iCalendar. */
export class CalendarQueryDto extends ConsistencyDto {
  /** Both left out: from 7 days before today to 31 days after. */
  @IsOptional() @IsDateOrTimestamp() from?: string;
  @IsOptional() @IsDateOrTimestamp() to?: string;
  @IsOptional() @IsIn(['json', 'ics']) format?: 'json' | 'ics';
}
