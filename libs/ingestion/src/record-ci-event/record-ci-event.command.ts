import { type AuthenticatedActor } from '@change-ledger/auth';
import { type CiFact, type RawCiMessage } from '@change-ledger/domain';
import { type EventSourceRef } from '@change-ledger/event-store';

/** Where a CI fact came in and who delivered it: the Kafka record, the webhook, the API call. */
export interface CiEventOrigin {
  /** The authenticated deliverer: the ingestor's Kafka identity, a webhook secret, an API token. */
  actor: AuthenticatedActor;
  source: EventSourceRef;
  requestId: string;
  correlationId: string;
}

export class RecordCiEventCommand {
  constructor(
    readonly fact: CiFact,
    readonly origin: CiEventOrigin,
    /** The message as received, kept with its receipt (ADR 0025). */
    readonly raw?: RawCiMessage,
  ) {}
}
