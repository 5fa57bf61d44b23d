import path from 'node:path';
import { runMigrations } from '@change-ledger/event-store';

/** The notification outbox, in the read-model database (after the read models'). */
export async function migrateNotifications(connectionString: string): Promise<void> {
  await runMigrations(connectionString, {
    dir: path.join(__dirname, 'migrations'),
    table: 'notification_migrations',
  });
}
