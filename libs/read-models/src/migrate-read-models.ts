import path from 'node:path';
import { runMigrations } from '@change-ledger/event-store';

export const READ_MODELS_MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** The read models' own migrations (after the event store's, whose roles they grant to). */
export async function migrateReadModels(connectionString: string): Promise<void> {
  await runMigrations(connectionString, {
    dir: READ_MODELS_MIGRATIONS_DIR,
    table: 'read_model_migrations',
  });
}
