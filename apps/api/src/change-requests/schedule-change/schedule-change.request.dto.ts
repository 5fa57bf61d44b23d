import { ScheduleChangeCommand, type RequestContext } from '@change-ledger/change-requests';
import { IsTimestamp } from '@change-ledger/untrusted-input';
import { IsBoolean } from 'class-validator';
import { Optional } from '../dto/change-request.dto';

export class ScheduleDto {
  @IsTimestamp() scheduled_for!: string;
  /** Extension: the end of the window (default: the calendar's default change duration). */
  @Optional() @IsTimestamp() scheduled_until?: string;
  @Optional() @IsBoolean() maintenance_window?: boolean;
}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: ScheduleDto,
  context: RequestContext,
): ScheduleChangeCommand {
  return new ScheduleChangeCommand(
    id,
    {
      scheduledFor: body.scheduled_for,
      scheduledUntil: body.scheduled_until ?? null,
      maintenanceWindow: body.maintenance_window ?? false,
    },
    context,
  );
}
