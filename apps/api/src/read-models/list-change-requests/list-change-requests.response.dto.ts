/** A change request as the list shows it (the change-requests read model). */
export class ChangeRequestSummary {
  change_request_id!: string;
  /** `draft`, `pending_approval`, `approved`, `rejected`, `scheduled`, `implementing`, `completed`, `failed`, `rolled_back` or `cancelled`. */
  status!: string;
  title!: string;
  category!: string;
  priority!: string;
  change_type!: string;
  requester!: string;
  affected_systems!: string[];
  emergency!: boolean;
  created_at!: string;
  approval_due_at!: string | null;
  approved_at!: string | null;
  implementation_started_at!: string | null;
  completed_at!: string | null;
}

export class ChangeRequestsAnswer {
  /** Newest first. */
  items!: ChangeRequestSummary[];
  /** The `cursor` of the next page; null on the last. */
  next_cursor!: string | null;
}
