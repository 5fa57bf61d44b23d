import { IsBoolean, IsString, MaxLength } from 'class-validator';
import { Optional, OptionalTexts, TEXT } from '../dto/change-request.dto';

export class ApproveDto {
  /** API-APPROVE: `true` approves; `false` rejects, with the comments as the reason. */
  @IsBoolean() approved!: boolean;
  @Optional() @IsString() @MaxLength(TEXT) comments?: string;
  @OptionalTexts(TEXT) conditions?: string[];
  /** Extension: which required role this approval is given as, for someone holding several. */
  @Optional() @IsString() @MaxLength(100) role?: string;
}
