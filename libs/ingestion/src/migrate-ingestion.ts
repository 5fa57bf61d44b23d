import path from 'node:path';
import { runner } from 'node-pg-migrate';

/**
 * The ingestion's write-side link table and the trigger that keeps it, beside ledger.events
 * (PostgreSQL event store only: after the event store's own migrations).
 */
export async function migrateIngestion(connectionString: string): Promise<void> {
  await runner({
    databaseUrl: connectionString,
    dir: path.join(__dirname, 'migrations'),
    direction: 'up',
    migrationsTable: 'ingestion_migrations',
    migrationsSchema: 'public',
    checkOrder: true,
    singleTransaction: true,
    log: () => undefined,
  });
}
