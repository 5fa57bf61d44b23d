/** API-APPROVE's answer, extended: the approval given, and what remains. */
export class ApprovalAnswer {
  change_request_id!: string;
  status!: string;
  approved_by!: string;
  /** The required role it was given as. */
  approved_as!: string | null;
  approved_at!: string | null;
  remaining_approvals!: string[];
  /** `implementation` once every required approval is given, else `awaiting_approval`. */
  next_step!: string;
  /** Where the write landed, for a read model's `min_position`. */
  position!: string | null;
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt?: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}
