import { TEMPLATE_STATUSES } from '@change-ledger/domain';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../change-requests/dto/change-request.dto';

export class ListTemplatesQueryDto {
  /** Only templates in this status. */
  @Optional() @IsIn(TEMPLATE_STATUSES) status?: (typeof TEMPLATE_STATUSES)[number];
  /** Wait until the catalogue shows a write answered with this `position`. */
  @Optional() @IsString() @MaxLength(100) min_position?: string;
}
