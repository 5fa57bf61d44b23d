import { CATEGORIES, CHANGE_REQUEST_STATUSES, PRIORITIES } from '@change-ledger/domain';
import { IsDateOrTimestamp } from '@change-ledger/untrusted-input';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ConsistencyDto } from '../read-query';

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
