import { AnswerPeriod } from '../period-answer.dto';

/** A production change no approved change request covered, as CI reported it. */
export class UnauthorizedChange {
  /** The CI source that reported it. */
  source!: string;
  event_id!: string;
  kind!: string;
  occurred_at!: string;
  environment!: string;
  service!: string | null;
  actor!: string | null;
  change_request_id!: string | null;
  reason!: string;
  /** The deploy gates it failed (ADR 0022); none for a deployment no change covers. */
  failed_gates!: string[];
}

export class UnauthorizedChangesAnswer {
  period!: AnswerPeriod;
  unauthorized_changes!: UnauthorizedChange[];
}
