import { ChangeRequestQueries } from '@change-ledger/read-models';
import { type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { CHANGE_REQUEST_QUERIES } from './read-models.controller';

/** Queries over the read models, through their own pool as ledger_reader (read-only). */
export function changeRequestQueriesProvider(connectionString: string): Provider {
  return {
    provide: CHANGE_REQUEST_QUERIES,
    useFactory: () => {
      const pool = new Pool({ connectionString, options: '-c role=ledger_reader', max: 5 });
      pool.on('error', () => undefined);
      const queries = new ChangeRequestQueries(pool) as ChangeRequestQueries &
        OnApplicationShutdown;
      queries.onApplicationShutdown = () => pool.end();
      return queries;
    },
  };
}
