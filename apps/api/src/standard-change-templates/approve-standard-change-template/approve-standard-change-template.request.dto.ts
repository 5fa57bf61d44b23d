import {
  ApproveStandardChangeTemplateCommand,
  type RequestContext,
} from '@change-ledger/change-requests';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional, TEXT } from '../../change-requests/dto/change-request.dto';

export class ApproveTemplateDto {
  /** Which CAB role this approval is given as, for someone holding several. */
  @Optional() @IsString() @MaxLength(100) role?: string;
  /** The version the approver saw: refused (409) if another one awaits approval. */
  @Optional() @IsInt() @Min(1) @Max(1_000_000) version?: number;
  @Optional() @IsString() @MaxLength(TEXT) comments?: string;
}

export function toCommand(id: string, body: ApproveTemplateDto, context: RequestContext) {
  return new ApproveStandardChangeTemplateCommand(
    id,
    { role: body.role ?? null, version: body.version ?? null, comments: body.comments ?? null },
    context,
  );
}
