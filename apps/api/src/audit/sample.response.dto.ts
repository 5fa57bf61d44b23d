/** One member drawn, with its rank (HMAC-SHA256 of its id under the seed, hex). */
export class SelectedMember {
  id!: string;
  rank!: string;
}

/** A stratum of the population and what was drawn from it, in rank order. */
export class SampledStratumAnswer {
  stratum!: 'all' | 'normal' | 'emergency' | 'unauthorized';
  /** Members of the population in this stratum. */
  population_size!: number;
  /** The size asked for; fewer are drawn when the stratum is smaller. */
  requested_size!: number;
  selected!: SelectedMember[];
}

/** A recorded sample of a period's population, as drawing it and reading it back answer it. */
export class SampleAnswer {
  sample_id!: string;
  /** The period [from, to). */
  from!: string;
  to!: string;
  /** The instant the population was taken as of. */
  as_of!: string;
  seed!: string;
  /** `hmac-sha256-rank/v1`. */
  algorithm!: string;
  population_size!: number;
  /** SHA-256 (hex) of the population's ids, sorted, one per line with a final newline. */
  population_digest!: string;
  strata!: SampledStratumAnswer[];
  drawn_by!: string;
  drawn_at!: string;
  /** The `AuditSampleDrawn` event that recorded it. */
  event_id!: string;
}
