/** The log's signed receipt for the events recorded for one CI fact sent over Kafka. */
export class CiFactReceiptAnswer {
  source!: string;
  id!: string;
  /** The signed note (ADR 0019); null when there is none, and `receipt_unavailable` says why. */
  receipt!: string | null;
  /** Why there is no receipt. */
  receipt_unavailable?: string;
}
