import { Logger } from '@nestjs/common';
import { type Client, Pool } from 'pg';

const logger = new Logger('PostgreSQL');

/**
 * Listens for the errors `pg` emits outside a query — an idle pooled connection or a held one
 * that the server dropped (a restart, a failover) — which would crash the process unlistened. The
 * query that next uses such a connection fails and is retried by its caller; this says, once per
 * connection, which pool lost it and why, so that the outage is in the logs.
 */
export function logConnectionErrors(target: Pool | Client, name: string): void {
  const log = (error: Error) =>
    logger.warn(`${name}: connection lost (${error.message}); the next query reconnects`);
  if (target instanceof Pool) {
    target.on('error', log);
    target.on('connect', (client) => client.on('error', log));
  } else {
    target.on('error', log);
  }
}
