import { type CiFact, type RawCiMessage } from '@change-ledger/domain';
import { type CiEventOrigin } from '../record-ci-event/record-ci-event.command';
import { type RecordCiEventResult } from './ci-event-outcome';

/** One message of a batch: its fact, once decoded, and where it came in. */
export interface CiEventToRecord {
  fact: CiFact;
  origin: CiEventOrigin;
  /** The message as received, kept with its receipt (ADR 0025). */
  raw?: RawCiMessage;
}

/** Per message, in the order given: recorded (with its result) or refused alone (its error). */
export type CiEventOutcome =
  { ok: true; result: RecordCiEventResult } | { ok: false; error: unknown };

/**
 * The facts of a Kafka batch (one partition's messages, in offset order), recorded together:
 * one link query, one multi-stream append. A message the ledger refuses is answered with its
 * error and the others are recorded; a failure of the whole (database down, a race lost too
 * often) is thrown and nothing of the batch is recorded (PostgreSQL: one transaction).
 */
export class RecordCiEventsCommand {
  constructor(readonly events: readonly CiEventToRecord[]) {}
}
