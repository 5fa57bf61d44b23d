import { IsTimestamp } from '@change-ledger/untrusted-input';
import { IsIn, IsOptional } from 'class-validator';
import { PeriodQueryDto } from '../period-query.dto';

export class ChangeLogQueryDto extends PeriodQueryDto {
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  /** What the ledger knew at that instant: folded from the events recorded before it. */
  @IsOptional() @IsTimestamp() as_of?: string;
}
