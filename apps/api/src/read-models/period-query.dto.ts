import { IsDateOrTimestamp } from '@change-ledger/untrusted-input';
import { IsOptional } from 'class-validator';
import { ConsistencyDto } from './read-query';

/**
 * A period [from, to), for deployments, metrics, unauthorized changes and the change log; the
 * current month (UTC) when both are left out, which the answer says.
 */
export class PeriodQueryDto extends ConsistencyDto {
  @IsOptional() @IsDateOrTimestamp() from?: string;
  @IsOptional() @IsDateOrTimestamp() to?: string;
}
