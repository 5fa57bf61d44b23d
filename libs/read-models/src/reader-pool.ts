import { type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { logConnectionErrors } from '@change-ledger/event-store';

/**
 * A pool over the read models as ledger_reader (read-only), ended when the Nest app that
 * provides it shuts down. A dropped connection fails the query that used it, never the process.
 */
export function readerPool(connectionString: string, max: number): Pool & OnApplicationShutdown {
  const pool = new Pool({ connectionString, options: '-c role=ledger_reader', max }) as Pool &
    OnApplicationShutdown;
  logConnectionErrors(pool, 'read models (ledger_reader)');
  pool.onApplicationShutdown = () => pool.end();
  return pool;
}
