import { startTestPostgres, type TestPostgres } from './test-postgres';

/** Key under which the started services travel to the teardown (same process). */
export const SERVICES_KEY = '__CHANGE_LEDGER_TEST_SERVICES__';

/**
 * Starts the real services once per `jest` run; each test file then makes its own database.
 * Both service tiers (int, e2e) name this file: the second call finds the first one's services.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.CHANGE_LEDGER_TEST_POSTGRES_URL) return;
  const postgres = await startTestPostgres();
  (globalThis as Record<string, unknown>)[SERVICES_KEY] = postgres satisfies TestPostgres;
  process.env.CHANGE_LEDGER_TEST_POSTGRES_URL = postgres.url;
  console.log(`\n[test services] PostgreSQL: ${postgres.description}`);
}
