/** A deadline's state: `missed` when done late, or not done and past due. */
type DeadlineState = 'met' | 'missed' | 'pending' | 'not_started';

/** One emergency change of the quarter and its clocks. */
export class EmergencyChange {
  change_request_id!: string;
  /** `draft`, `pending_approval`, `approved`, `rejected`, `scheduled`, `implementing`, `completed`, `failed`, `rolled_back` or `cancelled`. */
  status!: string;
  created_at!: string;
  implemented_at!: string | null;
  approved_before_implementation!: boolean;
  retroactively_approved!: boolean;
  documentation!: DeadlineState;
  /** 24 hours after implementation. */
  documentation_due_at!: string | null;
  post_hoc_review!: DeadlineState;
  /** 5 business days after implementation. */
  post_hoc_review_due_at!: string | null;
}

export class DeadlineTally {
  met!: number;
  missed!: number;
  pending!: number;
}

/** SOC-EMERG-REPORT: the quarter's emergency changes and their deadlines. */
export class EmergencyReportAnswer {
  /** E.g. `2026-Q1`. */
  quarter!: string;
  total_emergency_changes!: number;
  documentation_within_24h!: DeadlineTally;
  post_hoc_review_within_5_business_days!: DeadlineTally;
  retroactively_approved!: number;
  awaiting_approval!: number;
  changes!: EmergencyChange[];
}
