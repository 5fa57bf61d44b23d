import { CATEGORIES } from '@change-ledger/domain';
import { IsBoolean, IsIn } from 'class-validator';
import { ChangeContentDto, Optional } from '../dto/change-request.dto';

export class CreateChangeRequestDto extends ChangeContentDto {
  /** Emergency changes have their own route (`/emergency`). */
  @Optional() @IsIn(CATEGORIES.filter((category) => category !== 'emergency')) category?:
    'standard' | 'normal' | 'major';
  /** Extension: keep it as a draft instead of submitting it for approval. */
  @Optional() @IsBoolean() draft?: boolean;
}
