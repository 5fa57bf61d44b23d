import { RequestPolicyExceptionCommand, type RequestContext } from '@change-ledger/change-requests';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TEXT } from '../dto/change-request.dto';

export class ExceptionRequestDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) deviation!: string;
  @IsString() @IsNotEmpty() @MaxLength(TEXT) risk_assessment!: string;
}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: ExceptionRequestDto,
  context: RequestContext,
): RequestPolicyExceptionCommand {
  return new RequestPolicyExceptionCommand(
    id,
    {
      deviation: body.deviation,
      riskAssessment: body.risk_assessment,
    },
    context,
  );
}
