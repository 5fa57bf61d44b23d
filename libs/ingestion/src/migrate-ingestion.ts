import path from 'node:path';
import { runMigrations } from '@change-ledger/event-store';

/**
 * The ingestion's write-side link table and the trigger that keeps it, beside ledger.events
 * (PostgreSQL event store only: after the event store's own migrations).
 */
export async function migrateIngestion(connectionString: string): Promise<void> {
  await runMigrations(connectionString, {
    dir: path.join(__dirname, 'migrations'),
    table: 'ingestion_migrations',
  });
}
