/** One required approval not given yet. */
export class PendingApproval {
  change_request_id!: string;
  role!: string;
  title!: string;
  priority!: string;
  category!: string;
  requester!: string;
  requested_at!: string;
  due_at!: string | null;
  overdue!: boolean;
  /** An emergency change's approval, asked after its implementation. */
  retroactive!: boolean;
  /** The approval timeout was recorded as missed (DeadlineMissed): escalated. */
  escalated!: boolean;
}

export class PendingApprovalsAnswer {
  pending!: PendingApproval[];
  /** The `cursor` of the next page; null on the last. */
  next_cursor!: string | null;
}
