import path from 'node:path';
import { runner } from 'node-pg-migrate';

/** The notification outbox, in the read-model database (after the read models'). */
export async function migrateNotifications(connectionString: string): Promise<void> {
  await runner({
    databaseUrl: connectionString,
    dir: path.join(__dirname, 'migrations'),
    direction: 'up',
    migrationsTable: 'notification_migrations',
    migrationsSchema: 'public',
    checkOrder: true,
    singleTransaction: true,
    log: () => undefined,
  });
}
