import { LedgerError } from '@change-ledger/domain';
import { DatabaseError } from 'pg';
import { EventStoreUnavailableError } from '../event-store.errors';

/**
 * SQLSTATE classes and socket errors that mean "try again later", never "this input is bad".
 * 25006 (read-only transaction): a write reached a server that is a standby now, in the second
 * between a failover and the proxy routing to the new primary (issue 29); the retry gets there.
 */
const TRANSIENT_SQLSTATE = /^(08|53|57P0[1-3]|25006)/;
const TRANSIENT_SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What node-postgres says when a connection died under a query or could not be had: a restarted
 * server, a dropped socket, a pool that timed out waiting for a connection.
 */
const CONNECTION_LOST =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed|terminating connection/i;

/**
 * Ledger errors pass through; a database that cannot be reached becomes the typed transient error
 * (the Kafka consumer retries it rather than dead-lettering); anything else is a bug and is thrown
 * as it is.
 */
export function translatePostgresError(error: unknown): unknown {
  if (error instanceof LedgerError) return error;
  if (error instanceof DatabaseError) {
    return error.code && TRANSIENT_SQLSTATE.test(error.code)
      ? new EventStoreUnavailableError(error)
      : error;
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code && TRANSIENT_SOCKET.has(code)) || CONNECTION_LOST.test(error.message)) {
      return new EventStoreUnavailableError(error);
    }
  }
  return error;
}
