import { RejectChangeRequestCommand, type RequestContext } from '@change-ledger/change-requests';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional, TEXT } from '../dto/change-request.dto';

export class RejectDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
  @Optional() @IsString() @MaxLength(100) role?: string;
}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: RejectDto,
  context: RequestContext,
): RejectChangeRequestCommand {
  return new RejectChangeRequestCommand(
    id,
    { role: body.role ?? null, reason: body.reason },
    context,
  );
}
