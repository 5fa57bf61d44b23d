import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ConsistencyDto } from '../read-query';

export class PendingApprovalsQueryDto extends ConsistencyDto {
  @IsOptional() @IsString() @MaxLength(100) role?: string;
  /**
   * The queue is paged: `next_cursor` of one answer is the `cursor` of the next, for the same
   * `role` (or none); a cursor of another queue is refused.
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}
