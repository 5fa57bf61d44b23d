import path from 'node:path';
import { runner } from 'node-pg-migrate';

/** The transparency log's tables, in the read-model database (after the event store's). */
export async function migrateIntegrity(connectionString: string): Promise<void> {
  await runner({
    databaseUrl: connectionString,
    dir: path.join(__dirname, 'migrations'),
    direction: 'up',
    migrationsTable: 'integrity_migrations',
    migrationsSchema: 'public',
    checkOrder: true,
    singleTransaction: true,
    log: () => undefined,
  });
}
