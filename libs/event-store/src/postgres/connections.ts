import { Logger } from '@nestjs/common';
import { Client, type ClientConfig, Pool, type PoolConfig } from 'pg';

const logger = new Logger('PostgreSQL');

/**
 * Every PostgreSQL connection of the ledger is made here — a lint rule refuses `new Pool(` and
 * `new Client(` anywhere else — so that none is ever without an error listener. `pg` emits
 * 'error' on a connection the server drops outside a query (a restart, a crash, a failover, an
 * administrator's pg_terminate_backend), and an unlistened 'error' event ends the Node process.
 * A pool listens on its idle connections itself, but not on one checked out with
 * `pool.connect()`: a projector holding one when PostgreSQL restarted died of it (issue 23). So
 * every connection gets a listener for its whole life. The query that next uses a lost
 * connection fails and its caller retries; the listener says which pool lost it, once an outage.
 */
export function createPool(name: string, config: PoolConfig): Pool {
  const pool = new Pool(config);
  const outage = outageLog(name);
  pool.on('error', outage.lost);
  pool.on('connect', (client) => {
    outage.reconnected();
    client.on('error', outage.lost);
  });
  return pool;
}

/** A connection of its own (LISTEN, a migration, a test's superuser), listened on as a pool's. */
export function createClient(name: string, config: ClientConfig | string): Client {
  const client = new Client(config);
  client.on('error', outageLog(name).lost);
  return client;
}

/** `use` on a connection of its own, ended after. */
export async function withClient<T>(
  name: string,
  config: ClientConfig | string,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  const client = createClient(name, config);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * How long a loop that cannot reach its database waits before its `failures`-th retry: from
 * `firstMs`, doubling, at most `maxMs`. Never a hot spin while PostgreSQL is away, and back
 * within a few seconds of its return.
 */
export function retryDelayMs(failures: number, firstMs: number, maxMs = 5_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, failures - 1));
}

function outageLog(name: string): { lost: (error: Error) => void; reconnected: () => void } {
  let said = false;
  return {
    lost: (error) => {
      if (said) return;
      said = true;
      logger.warn(`${name}: connection lost (${error.message}); the next query reconnects`);
    },
    reconnected: () => {
      said = false;
    },
  };
}
