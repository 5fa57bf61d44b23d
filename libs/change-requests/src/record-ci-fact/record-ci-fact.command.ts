import { type AuthenticatedActor } from '@change-ledger/auth';
import {
  type ChangeRequestLink,
  type CiFact,
  type RawCiMessage,
  type RecordedGate,
} from '@change-ledger/domain';
import { type EventSourceRef } from '@change-ledger/event-store';

/** Where a CI fact came in and who delivered it: the Kafka record, the webhook, the API call. */
export interface CiEventOrigin {
  /** The authenticated deliverer: the ingestor's Kafka identity, a webhook secret, an API token. */
  actor: AuthenticatedActor;
  source: EventSourceRef;
  requestId: string;
  correlationId: string;
}

/** One message: its fact, once decoded (libs/ingestion), and where it came in. */
export interface CiEventToRecord {
  fact: CiFact;
  origin: CiEventOrigin;
  /** The message as received, kept with its receipt (ADR 0025). */
  raw?: RawCiMessage;
}

export interface RecordCiFactResult {
  /** `duplicate`: the same fact again; `conflict`: the same (source, id) with other content. */
  outcome: 'recorded' | 'duplicate' | 'conflict';
  changeRequestId: string | null;
  linkedBy: ChangeRequestLink['linkedBy'] | null;
  /** Production deployments: whether an approved change covered it; null otherwise. */
  authorized: boolean | null;
  reason: string | null;
  /** Production deployments of a change request: the deploy gate's answer it was recorded with. */
  gate: RecordedGate | null;
}

/** Per message, in the order given: recorded (with its result) or refused alone (its error). */
export type CiEventOutcome =
  { ok: true; result: RecordCiFactResult } | { ok: false; error: unknown };

/**
 * Record one CI fact (the HTTP ingest routes): a chunk of one, so that HTTP and Kafka share every
 * rule. Answers its result, or throws its refusal for the HTTP problem document.
 */
export class RecordCiFactCommand {
  constructor(
    readonly fact: CiFact,
    readonly origin: CiEventOrigin,
    /** The message as received, kept with its receipt (ADR 0025). */
    readonly raw?: RawCiMessage,
  ) {}
}

/**
 * Record the facts of a Kafka chunk (one partition's messages, in offset order) together: one
 * link query, one multi-stream append. A message the ledger refuses is answered with its error
 * and the others are recorded; a failure of the whole (database down, a race lost too often) is
 * thrown and nothing of the chunk is recorded (PostgreSQL: one transaction).
 */
export class RecordCiFactsCommand {
  constructor(readonly events: readonly CiEventToRecord[]) {}
}
