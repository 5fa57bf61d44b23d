/** The create answer of API-ROUTES, extended: who must approve, by when, under which policy. */
export class CreatedChangeRequest {
  change_request_id!: string;
  /** `pending_approval`, `draft`, or `approved` for a standard change the catalogue pre-approves. */
  status!: string;
  /** The roles whose approval it needs. */
  approvers!: string[];
  /** The policy's approval timeout for its priority (`24h`, `7d`); null for a standard change. */
  estimated_approval_time!: string | null;
  approval_due_at!: string | null;
  policy_version!: string;
  /** Where the write landed, for a read model's `min_position`. */
  position!: string | null;
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt!: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}
