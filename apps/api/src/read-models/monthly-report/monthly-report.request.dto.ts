import { IsOptional, Matches } from 'class-validator';
import { ConsistencyDto } from '../read-query';

export class MonthlyReportQueryDto extends ConsistencyDto {
  /** Left out: the current month (UTC), said in the answer's `default`. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month like 2025-01' })
  period?: string;
}
