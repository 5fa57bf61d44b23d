import { buildIfStale } from './app-process';
import { startTestEventStoreDb } from './test-eventstoredb';
import { startTestKafka } from './test-kafka';
import { startTestPostgres } from './test-postgres';

/** Key under which the started services travel to the teardown (same process). */
export const SERVICES_KEY = '__CHANGE_LEDGER_TEST_SERVICES__';

export interface StartedServices {
  stop(): Promise<void>;
}

/**
 * Starts the real services once per `jest` run and hands their addresses to the test files
 * through the environment; each test file then makes its own database. Both service tiers
 * (int, e2e) name this file: the second call finds the first one's services running.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.CHANGE_LEDGER_TEST_POSTGRES_URL) return;
  // The e2e tests run the apps and the CLI compiled, as `npm start` does.
  buildIfStale();
  const postgres = await startTestPostgres();
  process.env.CHANGE_LEDGER_TEST_POSTGRES_URL = postgres.url;
  console.log(`\n[test services] PostgreSQL: ${postgres.description}`);

  const eventStoreDb = await startTestEventStoreDb();
  if ('skipped' in eventStoreDb) {
    process.env.CHANGE_LEDGER_TEST_EVENTSTORE_SKIPPED = eventStoreDb.skipped;
    console.log(`[test services] EventStoreDB: SKIPPED, ${eventStoreDb.skipped}`);
  } else {
    process.env.CHANGE_LEDGER_TEST_EVENTSTORE_URL = eventStoreDb.url;
    console.log(`[test services] EventStoreDB: ${eventStoreDb.description}`);
  }

  const kafka = await startTestKafka().catch(async (error: unknown) => {
    await postgres.stop();
    throw error;
  });
  process.env.CHANGE_LEDGER_TEST_KAFKA_BROKERS = kafka.brokers.join(',');
  console.log(`[test services] Kafka: ${kafka.description}`);

  const services: StartedServices = {
    stop: async () => {
      await kafka.stop();
      if (!('skipped' in eventStoreDb)) await eventStoreDb.stop();
      await postgres.stop();
    },
  };
  (globalThis as Record<string, unknown>)[SERVICES_KEY] = services;
}
