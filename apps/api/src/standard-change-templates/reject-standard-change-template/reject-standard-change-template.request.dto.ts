import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional, TEXT } from '../../change-requests/dto/change-request.dto';

/** A rejection of a proposed version, or a retirement: why, and as which CAB role. */
export class TemplateDecisionDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
  @Optional() @IsString() @MaxLength(100) role?: string;
}
