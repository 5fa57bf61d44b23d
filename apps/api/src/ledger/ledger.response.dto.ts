/** RFC 9162 §2.1.3: the audit path from an event's leaf to the root of a tree of `tree_size`. */
export class InclusionProofAnswer {
  event_id!: string;
  leaf_index!: number;
  tree_size!: number;
  /** SHA-256 of 0x00 ‖ the event's hash, base64. */
  leaf_hash!: string;
  /** The path's hashes, base64, leaf to root. */
  proof!: string[];
}

/** RFC 9162 §2.1.4: the tree of size `to` extends the tree of size `from`. */
export class ConsistencyProofAnswer {
  from!: number;
  to!: number;
  /** The proof's hashes, base64. */
  proof!: string[];
}
