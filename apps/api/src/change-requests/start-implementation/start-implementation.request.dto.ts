import { type RequestContext, StartImplementationCommand } from '@change-ledger/change-requests';
import { MAX_MINUTES } from '@change-ledger/domain';
import { IsTimestamp } from '@change-ledger/untrusted-input';
import { IsBoolean, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional, TEXT } from '../dto/change-request.dto';

export class ImplementDto {
  @Optional() @IsString() @MaxLength(TEXT) implementation_plan?: string;
  @Optional() @IsTimestamp() scheduled_time?: string;
  @Optional() @IsBoolean() maintenance_window?: boolean;
  /** Extension: how long the implementation is expected to take (default 2 hours). */
  /** A positive whole number of minutes, at most a year (the domain's MAX_MINUTES). */
  @Optional() @IsInt() @Min(1) @Max(MAX_MINUTES) estimated_duration_minutes?: number;
}

/** The command this body states for change request `id`. */
export function toCommand(id: string, body: ImplementDto, context: RequestContext) {
  const implementation = {
    implementationPlan: body.implementation_plan ?? null,
    scheduledTime: body.scheduled_time ?? null,
    maintenanceWindow: body.maintenance_window ?? false,
  };
  return new StartImplementationCommand(id, implementation, context);
}
