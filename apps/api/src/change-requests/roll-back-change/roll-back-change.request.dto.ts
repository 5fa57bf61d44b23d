import { RollBackChangeCommand, type RequestContext } from '@change-ledger/change-requests';
import { DEFAULT_ROLLBACK_INCIDENT_SEVERITY } from '@change-ledger/domain';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional, TEXT } from '../dto/change-request.dto';

export class RollbackDto {
  @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) incident_id!: string;
  /** SOC-ROLLBACK-INCIDENT: a rollback is an incident of P3 at least. */
  @Optional() @IsIn(['P1', 'P2', 'P3']) severity?: 'P1' | 'P2' | 'P3';
}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: RollbackDto,
  context: RequestContext,
): RollBackChangeCommand {
  return new RollBackChangeCommand(
    id,
    {
      reason: body.reason,
      incidentId: body.incident_id,
      severity: body.severity ?? DEFAULT_ROLLBACK_INCIDENT_SEVERITY,
    },
    context,
  );
}
