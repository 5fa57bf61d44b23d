import { IsIn, IsOptional } from 'class-validator';
import { ConsistencyDto } from '../read-query';

export class IncidentsQueryDto extends ConsistencyDto {
  /** `true`: only incidents whose post-incident review is not done. */
  @IsOptional() @IsIn(['true', 'false']) open?: 'true' | 'false';
}
