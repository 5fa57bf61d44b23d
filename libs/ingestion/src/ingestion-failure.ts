import { types } from 'node:util';
import { type ErrorKind, LedgerError } from '@change-ledger/domain';
import { translatePostgresError } from '@change-ledger/event-store';

/**
 * What to do with a message whose recording failed:
 * - `retry`: nothing is wrong with it, the ledger could not record it now (a database down) — try
 *   again as long as it takes, never dead-letter;
 * - `retry-then-dead-letter`: a concurrent writer got there first — try again a few times, and
 *   should it keep failing, keep it aside rather than stop the partition;
 * - `dead-letter`: this message will never be taken as it is; keep it aside with the reason.
 */
export type IngestionAction = 'retry' | 'retry-then-dead-letter' | 'dead-letter';

/** Each kind of failure has one action; nothing else decides. */
export const INGESTION_ACTION_OF_KIND: Record<ErrorKind, IngestionAction> = {
  unavailable: 'retry',
  conflict: 'retry-then-dead-letter',
  invalid: 'dead-letter',
  unprocessable: 'dead-letter',
  unauthenticated: 'dead-letter',
  forbidden: 'dead-letter',
  not_found: 'dead-letter',
  gone: 'dead-letter',
  too_large: 'dead-letter',
  unsupported: 'dead-letter',
};

/**
 * An unexpected error (a bug) is dead-lettered too, with its message, rather than retried
 * forever: one poison message must not stop the stream.
 */
export function classifyIngestionFailure(error: unknown): {
  action: IngestionAction;
  reason: string;
} {
  const translated = translatePostgresError(ownRealm(error));
  if (translated instanceof LedgerError) {
    const action = INGESTION_ACTION_OF_KIND[translated.kind];
    return {
      action,
      reason:
        action === 'dead-letter' ? `${translated.code}: ${translated.message}` : translated.message,
    };
  }
  const message = translated instanceof Error ? translated.message : String(translated);
  return { action: 'dead-letter', reason: `INGESTION.UNEXPECTED: ${message}` };
}

/**
 * An error raised by Node's own modules (a socket's ECONNREFUSED while the database is down) can
 * come from another realm than this code's — jest runs tests in a sandbox of its own — and then
 * fails `instanceof Error`, which would read an outage as a bug. Rebuilt here with its code.
 */
function ownRealm(error: unknown): unknown {
  if (error instanceof Error || !types.isNativeError(error)) return error;
  const { code } = error as NodeJS.ErrnoException;
  return Object.assign(new Error(error.message, { cause: error }), code ? { code } : {});
}
