import { RequestPolicyExceptionCommand, type RequestContext } from '@change-ledger/change-requests';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional, TEXT } from '../dto/change-request.dto';

export class ExceptionRequestDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) deviation!: string;
  @IsString() @IsNotEmpty() @MaxLength(TEXT) risk_assessment!: string;
  /**
   * Extension (ADR 0022): the deploy gates this exception waives for the change once approved —
   * `code_review`, `automated_tests`, `security_scan`, `staging_validation`, `deployment_window`.
   * Left out, the exception documents a deviation and waives no gate.
   */
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  gates?: string[];
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
      gates: body.gates ?? [],
    },
    context,
  );
}
