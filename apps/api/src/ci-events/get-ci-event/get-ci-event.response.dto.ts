import { ApiProperty } from '@nestjs/swagger';

/** A CI message as it arrived (ADR 0025): its body and the envelope around it. */
export class RawCiMessage {
  /** SHA-256 (hex) of the body's bytes, as received. */
  sha256!: string;
  headers!: Record<string, string>;
  /** Names of the headers whose value was not text, base64-encoded in `headers`. Absent when none. */
  base64Headers?: string[];
  /**
   * Headers kept but shown to auditors only (a webhook's signature: from it and the body a weak
   * secret could be guessed offline). Absent when none was withheld.
   */
  withheldHeaders?: string[];
  /** The body: its text when it is UTF-8 text JSON can hold, else base64. */
  body!: string;
  encoding!: 'utf8' | 'base64';
}

/** How the fact found its change request. */
export class CiEventLink {
  changeRequestId!: string;
  linkedBy!: 'change_request_id' | 'commit_sha' | 'pull_request' | 'artifact';
}

/** Why no approved change covers this production deployment. */
export class CiEventUnauthorized {
  reason!: string;
}

/** One event of the fact's stream: its first delivery, a conflicting one, or a redelivery. */
export class CiEventDelivery {
  delivery!: string;
  event_id!: string;
  recorded_at!: string;
  hash!: string;
  log_leaf!: number | null;
  content_hash!: string;
  received_at!: string;
  /** The fact this delivery said (camelCase, as recorded); null for a redelivery. */
  @ApiProperty({ additionalProperties: true })
  fact!: object | null;
  said!: string | null;
  unread!: string[];
  raw!: RawCiMessage | null;
}

/** One CI fact from its own stream, with the log's receipt and leaf for it. */
export class CiEventAnswer {
  source!: string;
  id!: string;
  /** The fact as recorded (camelCase, as the ledger's events hold it). */
  @ApiProperty({ additionalProperties: true })
  fact!: object;
  said!: string;
  unread!: string[];
  raw!: RawCiMessage | null;
  content_hash!: string;
  received_at!: string;
  link!: CiEventLink | null;
  unauthorized!: CiEventUnauthorized | null;
  reported_time_flags!: string[];
  /** The log's signed receipt for the fact's events; null when there is none. */
  receipt!: string | null;
  /** Why there is no receipt. */
  receipt_unavailable?: string;
  log_leaf!: number | null;
  deliveries!: CiEventDelivery[];
}
