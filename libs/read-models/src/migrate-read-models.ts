import path from 'node:path';
import { runner } from 'node-pg-migrate';

export const READ_MODELS_MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** The read models' own migrations (after the event store's, whose roles they grant to). */
export async function migrateReadModels(connectionString: string): Promise<void> {
  await runner({
    databaseUrl: connectionString,
    dir: READ_MODELS_MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'read_model_migrations',
    migrationsSchema: 'public',
    checkOrder: true,
    singleTransaction: true,
    log: () => undefined,
  });
}
