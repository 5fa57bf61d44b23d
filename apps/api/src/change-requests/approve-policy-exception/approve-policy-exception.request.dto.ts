import { ApprovePolicyExceptionCommand, type RequestContext } from '@change-ledger/change-requests';
import { IsString, MaxLength } from 'class-validator';
import { Optional } from '../dto/change-request.dto';

export class ExceptionApproveDto {
  @Optional() @IsString() @MaxLength(100) role?: string;
}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: ExceptionApproveDto,
  context: RequestContext,
): ApprovePolicyExceptionCommand {
  return new ApprovePolicyExceptionCommand(id, { role: body.role ?? null }, context);
}
