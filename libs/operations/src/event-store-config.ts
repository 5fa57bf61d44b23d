import { type EventStoreConfig, type EventStoreEnvironment } from '@change-ledger/event-store';

/**
 * The event store an app's environment names: EventStoreDB/KurrentDB at EVENTSTORE_URL, or
 * PostgreSQL at the app's database as `role` (the configuration is validated before this runs).
 */
export function eventStoreConfigFor(
  env: EventStoreEnvironment,
  postgres: { databaseUrl: string; role: string },
): EventStoreConfig {
  return env.EVENT_STORE === 'eventstoredb'
    ? { kind: 'eventstoredb', connectionString: env.EVENTSTORE_URL! }
    : { kind: 'postgres', connectionString: postgres.databaseUrl, role: postgres.role };
}
