import { CancelChangeRequestCommand, type RequestContext } from '@change-ledger/change-requests';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TEXT } from '../dto/change-request.dto';

export class CancelDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: CancelDto,
  context: RequestContext,
): CancelChangeRequestCommand {
  return new CancelChangeRequestCommand(id, { reason: body.reason }, context);
}
