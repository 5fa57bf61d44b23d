/** API-IMPLEMENT's answer, extended with an emergency change's clocks. */
export class ImplementationAnswer {
  change_request_id!: string;
  status!: string;
  implementation_started!: string;
  estimated_completion!: string;
  /** An emergency change's: documented within 24 hours of implementation. */
  documentation_due_at!: string | null;
  /** An emergency change's: reviewed within 5 business days. */
  post_hoc_review_due_at!: string | null;
  /** Where the write landed, for a read model's `min_position`. */
  position!: string | null;
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt?: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}
