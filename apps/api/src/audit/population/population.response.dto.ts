/** A member of the population: a change that reached production, or an unauthorized deployment. */
export class PopulationMemberAnswer {
  /** A change request's id, or `ci:<source>#<id>` for an unauthorized deployment. */
  id!: string;
  kind!: 'change_request' | 'unauthorized_deployment';
  /** The change's title; an unauthorized deployment's service. */
  title!: string | null;
  category!: string | null;
  priority!: string | null;
  change_type!: string | null;
  emergency!: boolean;
  unauthorized!: boolean;
  requester!: string | null;
  approvers!: string[];
  status!: string | null;
  /** The change log's outcome (SOC-CHANGE-LOG); null for an unauthorized deployment. */
  outcome!: string | null;
  deployed_at!: string | null;
  closed_at!: string | null;
  /** On the change log of this period (deployed in it). */
  in_change_log!: boolean;
  incidents!: string[];
  /** Unauthorized deployments: why no approved change covered it… */
  reason!: string | null;
  /** …and what reported it. */
  source!: string | null;
}

/** The population's totals, each a count over its members. */
export class PopulationTotalsAnswer {
  members!: number;
  change_requests!: number;
  /** = the change log's entries = DORA's deployments = the rollback rate's sample. */
  deployed!: number;
  /** Deployed before the period, closed in it. */
  closed_only!: number;
  emergency!: number;
  rolled_back!: number;
  /** = the change success rate's sample. */
  with_outcome!: number;
  /** = the average implementation time's sample. */
  completed_in_period!: number;
  /** = the metrics' unauthorized_changes.count. */
  unauthorized!: number;
}

/** The population of a period an auditor tests (SOC 2 CC8.1, ISO 27001 A.8.32). */
export class PopulationAnswer {
  from!: string;
  to!: string;
  /** The instant it was taken as of; null: the read models' current state. */
  as_of!: string | null;
  totals!: PopulationTotalsAnswer;
  members!: PopulationMemberAnswer[];
}
