import { CHANGE_REQUEST_ID } from '@change-ledger/domain';
import { IsDateOrTimestamp, IsTimestamp } from '@change-ledger/untrusted-input';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A legal hold names exactly one scope: a change request, an affected system, or a time range. */
export class PlaceLegalHoldDto {
  @IsOptional()
  @Matches(CHANGE_REQUEST_ID, { message: 'must be a change request id like CHG-2026-001' })
  change_request_id?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) system?: string;

  /** A date or an instant; a `to` date includes its day. */
  @IsOptional() @IsDateOrTimestamp() from?: string;
  @IsOptional() @IsDateOrTimestamp() to?: string;

  @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;

  /** Held until released when omitted. */
  @IsOptional() @IsTimestamp() until?: string;
}

export class ReleaseLegalHoldDto {
  @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
}
