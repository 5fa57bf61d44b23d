import { LedgerError } from '@change-ledger/domain';
import {
  EventStoreUnavailableError,
  translatePostgresError,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';

/**
 * What to do with a message whose recording failed. `retry`: nothing is wrong with it, the
 * ledger could not record it now (database down, a writer raced it) — try again, never
 * dead-letter. `dead-letter`: this message will never be taken as it is; keep it aside with the
 * reason and go on. An unexpected error is dead-lettered too, with its message, rather than
 * retried forever: one poison message must not stop the stream.
 */
export function classifyIngestionFailure(error: unknown): {
  action: 'retry' | 'dead-letter';
  reason: string;
} {
  const translated = translatePostgresError(error);
  if (
    translated instanceof EventStoreUnavailableError ||
    translated instanceof WrongExpectedRevisionError
  ) {
    return { action: 'retry', reason: translated.message };
  }
  // InvalidCiEventError among them: the message itself is wrong.
  if (translated instanceof LedgerError) {
    return { action: 'dead-letter', reason: `${translated.code}: ${translated.message}` };
  }
  const message = translated instanceof Error ? translated.message : String(translated);
  return { action: 'dead-letter', reason: `INGESTION.UNEXPECTED: ${message}` };
}
