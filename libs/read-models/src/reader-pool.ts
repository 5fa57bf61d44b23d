import { type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';

/**
 * A pool over the read models as ledger_reader (read-only), ended when the Nest app that
 * provides it shuts down. A dropped connection fails the query that used it, never the process.
 */
export function readerPool(connectionString: string, max: number): Pool & OnApplicationShutdown {
  const pool = new Pool({ connectionString, options: '-c role=ledger_reader', max }) as Pool &
    OnApplicationShutdown;
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.onApplicationShutdown = () => pool.end();
  return pool;
}
