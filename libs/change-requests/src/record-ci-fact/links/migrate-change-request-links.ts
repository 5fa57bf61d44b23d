import path from 'node:path';
import { runMigrations } from '@change-ledger/event-store';

/**
 * The write-side link table (what change requests registered) and the trigger that keeps it,
 * beside ledger.events (PostgreSQL event store only: after the event store's own migrations).
 * Its schema and its migrations' table keep the name they had when this lived in libs/ingestion
 * (`ingestion`, `ingestion_migrations`): databases migrated then are not migrated again.
 */
export async function migrateChangeRequestLinks(connectionString: string): Promise<void> {
  await runMigrations(connectionString, {
    dir: path.join(__dirname, 'migrations'),
    table: 'ingestion_migrations',
  });
}
