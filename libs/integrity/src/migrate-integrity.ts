import path from 'node:path';
import { runMigrations } from '@change-ledger/event-store';

/** The transparency log's tables, in the read-model database (after the event store's). */
export async function migrateIntegrity(connectionString: string): Promise<void> {
  await runMigrations(connectionString, {
    dir: path.join(__dirname, 'migrations'),
    table: 'integrity_migrations',
  });
}
