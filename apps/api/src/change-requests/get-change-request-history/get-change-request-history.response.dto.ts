/** The policy entry a service acted under when it took a person's step (ADR 0024). */
export class ActingUnder {
  policy_version!: string;
  policy_entry!: string;
  step!: string;
}

/** One event of the change request's stream, with the evidence behind it. */
export class HistoryEntry {
  /** When it happened (the step's own time, else when it occurred at the source). */
  timestamp!: string;
  /** API-HISTORY's action: `created`, `approved`, `implemented`, `completed`, … */
  action!: string;
  /** The authenticated principal that recorded it. */
  user!: string;
  details!: string;
  event_type!: string;
  event_id!: string;
  /** Its revision in the change request's stream. */
  revision!: number;
  recorded_at!: string;
  authenticated_by!: string;
  roles!: string[];
  actor_kind!: 'user' | 'service';
  /** Present when a service took a person's step. */
  acting_under?: ActingUnder;
  /** Its link in the stream's hash chain. */
  hash!: string;
  /** Its leaf in the transparency log; null until sequenced. */
  leaf_index!: number | null;
}

/** API-HISTORY: every event of a change request. */
export class ChangeRequestHistoryAnswer {
  change_id!: string;
  history!: HistoryEntry[];
}
