/** API-COMPLETE's answer. */
export class CompletionAnswer {
  change_request_id!: string;
  /** `completed` or `failed`. */
  status!: string;
  completed_at!: string | null;
  /** When the change is to be reviewed (a day, `2025-02-28`); null for a failed one. */
  next_review!: string | null;
  /** Where the write landed, for a read model's `min_position`. */
  position!: string | null;
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt?: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}
