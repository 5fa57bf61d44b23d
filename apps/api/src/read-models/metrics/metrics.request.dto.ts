import { CATEGORIES, PRIORITIES } from '@change-ledger/domain';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PeriodQueryDto } from '../period-query.dto';

/** A period, narrowed to a category, a priority or a system as a dashboard's filters do. */
export class MetricsQueryDto extends PeriodQueryDto {
  @IsOptional() @IsIn(CATEGORIES) category?: string;
  @IsOptional() @IsIn(PRIORITIES) priority?: string;
  @IsOptional() @IsString() @MaxLength(200) affected_system?: string;
}
