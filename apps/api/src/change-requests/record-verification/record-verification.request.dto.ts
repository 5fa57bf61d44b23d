import { RecordVerificationCommand, type RequestContext } from '@change-ledger/change-requests';
import { MAX_MINUTES } from '@change-ledger/domain';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { NAME, Optional, OptionalTexts, TEXT } from '../dto/change-request.dto';

export class VerifyDto {
  @IsIn(['passed', 'failed']) outcome!: 'passed' | 'failed';
  @IsInt() @Min(0) @Max(MAX_MINUTES) monitoring_minutes!: number;
  @OptionalTexts(NAME) checks?: string[];
  @Optional() @IsString() @MaxLength(TEXT) notes?: string;
}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: VerifyDto,
  context: RequestContext,
): RecordVerificationCommand {
  return new RecordVerificationCommand(
    id,
    {
      outcome: body.outcome,
      monitoringMinutes: body.monitoring_minutes,
      checks: body.checks ?? [],
      notes: body.notes ?? null,
    },
    context,
  );
}
