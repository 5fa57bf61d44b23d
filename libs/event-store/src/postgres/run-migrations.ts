import { runner } from 'node-pg-migrate';
import { withClient } from './connections';

/**
 * A lib's migrations, up, on a connection made by `createClient` (node-pg-migrate's own would
 * have no error listener: a PostgreSQL restart mid-migration would end the process instead of
 * failing the migration). Each lib keeps its own migrations table; node-pg-migrate serialises
 * concurrent runs with an advisory lock and runs them in one transaction.
 */
export async function runMigrations(
  connectionString: string,
  migrations: { dir: string; table: string },
): Promise<void> {
  await withClient(`migrations (${migrations.table})`, connectionString, (dbClient) =>
    runner({
      dbClient,
      dir: migrations.dir,
      direction: 'up',
      migrationsTable: migrations.table,
      migrationsSchema: 'public',
      checkOrder: true,
      singleTransaction: true,
      log: () => undefined,
    }).then(() => undefined),
  );
}
