import { ExceptionSignOff } from '../change-requests/dto/change-request.response.dto';

/** A policy exception for a service and a period (POL-EXCEPTIONS), in the API's names. */
export class StandingExceptionAnswer {
  /** E.g. `EXC-0001`. */
  exception_id!: string;
  deviation!: string;
  risk_assessment!: string;
  /** The deploy gates it waives once approved. */
  gates!: string[];
  /** The services whose changes it covers. */
  services!: string[];
  /** Its period [from, to). */
  from!: string;
  to!: string;
  requested_by!: string;
  requested_at!: string;
  signed_off_by!: ExceptionSignOff[];
  approved!: boolean;
  approved_at!: string | null;
}

/** An exception requested or signed off, with the log's signed receipt for what was recorded. */
export class StandingExceptionWriteAnswer extends StandingExceptionAnswer {
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt?: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}

export class StandingExceptionsAnswer {
  /** In the order requested. */
  policy_exceptions!: StandingExceptionAnswer[];
}
