import { ChangeRequestQueries, ReportQueries } from '@change-ledger/read-models';
import { type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Pool } from 'pg';

export const CHANGE_REQUEST_QUERIES = Symbol('CHANGE_REQUEST_QUERIES');
export const REPORT_QUERIES = Symbol('REPORT_QUERIES');
const READ_MODELS_POOL = Symbol('READ_MODELS_POOL');

/** Queries over the read models, through one pool as ledger_reader (read-only), closed on shutdown. */
export function readModelProviders(connectionString: string): Provider[] {
  return [
    {
      provide: READ_MODELS_POOL,
      useFactory: () => {
        const pool = new Pool({
          connectionString,
          options: '-c role=ledger_reader',
          max: 5,
        }) as Pool & OnApplicationShutdown;
        pool.on('error', () => undefined);
        pool.on('connect', (client) => client.on('error', () => undefined));
        pool.onApplicationShutdown = () => pool.end();
        return pool;
      },
    },
    {
      provide: CHANGE_REQUEST_QUERIES,
      inject: [READ_MODELS_POOL],
      useFactory: (pool: Pool) => new ChangeRequestQueries(pool),
    },
    {
      provide: REPORT_QUERIES,
      inject: [READ_MODELS_POOL],
      useFactory: (pool: Pool) => new ReportQueries(pool),
    },
  ];
}
