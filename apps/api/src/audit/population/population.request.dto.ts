import { IsDateOrTimestamp, IsTimestamp } from '@change-ledger/untrusted-input';
import { IsIn, IsOptional } from 'class-validator';

/** A period [from, to) and, optionally, the instant the population is taken as of. */
export class PopulationQueryDto {
  /** A date or an instant, as every period's bounds; a `to` date includes its day. */
  @IsDateOrTimestamp() from!: string;
  @IsDateOrTimestamp() to!: string;
  @IsOptional() @IsTimestamp() as_of?: string;
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
