import { IsDateOrTimestamp } from '@change-ledger/untrusted-input';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

/** POL-EXCEPTIONS's deviation for a service and a period: what it waives, for what, from when until when. */
export class RequestStandingExceptionDto {
  @IsString() @IsNotEmpty() @MaxLength(10_000) deviation!: string;
  @IsString() @IsNotEmpty() @MaxLength(10_000) risk_assessment!: string;
  /**
   * The deploy gates it waives: `code_review`, `automated_tests`, `security_scan`,
   * `staging_validation`, `deployment_window` (never the approval or the rollback plan).
   */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  gates!: string[];
  /** The services (affected systems) it is for: a change is covered when it affects only these. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  services!: string[];
  /** From this instant, or the start of this day (UTC), inclusive… */
  @IsDateOrTimestamp() from!: string;
  /** …to this instant (exclusive), or through this day (UTC): a date includes its day. */
  @IsDateOrTimestamp() to!: string;
}

export class ApproveStandingExceptionDto {
  /** Which of the sign-off roles (POL-EXCEPTIONS) this is given as, for someone holding both. */
  @IsOptional() @IsString() @MaxLength(100) role?: string;
}
