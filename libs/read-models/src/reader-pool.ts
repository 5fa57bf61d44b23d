import { type OnApplicationShutdown } from '@nestjs/common';
import { type Pool } from 'pg';
import { createPool } from '@change-ledger/event-store';

/**
 * A pool over the read models as ledger_reader (read-only), ended when the Nest app that
 * provides it shuts down. A dropped connection fails the query that used it, never the process.
 */
export function readerPool(connectionString: string, max: number): Pool & OnApplicationShutdown {
  const pool = createPool('read models (ledger_reader)', {
    connectionString,
    options: '-c role=ledger_reader',
    max,
  }) as Pool & OnApplicationShutdown;
  pool.onApplicationShutdown = () => pool.end();
  return pool;
}
