import path from 'node:path';
import { runMigrations } from './run-migrations';

/** The event store's own migrations; each lib that owns tables keeps its own migrations table. */
export const EVENT_STORE_MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/**
 * Brings the event-store schema up to date. Runs as a role that may create schemas (and, on a
 * new cluster, roles); node-pg-migrate serialises concurrent runs with an advisory lock.
 */
export async function migrateEventStore(connectionString: string): Promise<void> {
  await runMigrations(connectionString, {
    dir: EVENT_STORE_MIGRATIONS_DIR,
    table: 'event_store_migrations',
  });
}
