import { migrateChangeRequestLinks } from '@change-ledger/change-requests';
import { migrateEventStore } from '@change-ledger/event-store';
import { migrateIntegrity } from '@change-ledger/integrity';
import { migrateNotifications } from '@change-ledger/notifications';
import { migrateReadModels } from '@change-ledger/read-models';

/**
 * Every schema the ledger owns, in order: the event store's first (when PostgreSQL holds the
 * events), since the read models' and the log's grants name its tables. `ledger migrate` runs it,
 * and so does `npm start` for the embedded default; deployed apps expect it done.
 */
export async function migrateLedger(
  databaseUrl: string,
  options: { eventsInPostgres: boolean },
): Promise<void> {
  if (options.eventsInPostgres) {
    await migrateEventStore(databaseUrl);
    // Its trigger keeps CI recording's link table beside ledger.events (ADR 0014).
    await migrateChangeRequestLinks(databaseUrl);
  }
  await migrateReadModels(databaseUrl);
  await migrateIntegrity(databaseUrl);
  await migrateNotifications(databaseUrl);
}
