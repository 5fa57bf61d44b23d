import { ApiProperty } from '@nestjs/swagger';

/** One CI fact as the listing answers it: where it came from, what it said, what was not read. */
export class ListedCiEvent {
  /** The CI source that reported it (a CloudEvents `source`, a repository). */
  source!: string;
  /** Its id at that source. */
  id!: string;
  kind!: string;
  /** `cdevents`, `native`, `github` or `gitlab`. */
  format!: string;
  source_type!: string;
  occurred_at!: string;
  /** The time exactly as the message wrote it, when that says more than `occurred_at`. */
  occurred_at_reported!: string | null;
  received_at!: string;
  environment!: string | null;
  service!: string | null;
  outcome!: string | null;
  /** What it said, in a sentence. */
  said!: string | null;
  change_request_id!: string | null;
  linked_by!: string | null;
  /** The principal that delivered it. */
  delivered_by!: string;
  /** Where it came in: the Kafka topic, partition and offset, or the HTTP request. */
  transport!: Record<string, unknown>;
  /** Deliveries of the same (source, id) with other content. */
  conflicts!: number;
  reported_time_flags!: string[];
  /** The fields of the message the ledger did not read. */
  unread!: string[];
  /** SHA-256 of the message as received; null for one recorded before raw messages were kept. */
  raw_sha256!: string | null;
  /** The fact as recorded (camelCase, as the ledger's events hold it); null on an older row. */
  @ApiProperty({ additionalProperties: true })
  fact!: object | null;
}

export class CiEventsAnswer {
  /** Newest first. */
  ci_events!: ListedCiEvent[];
  /** The `cursor` of the next page; null on the last. */
  next_cursor!: string | null;
}
