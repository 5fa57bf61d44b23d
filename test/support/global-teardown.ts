import { SERVICES_KEY } from './global-setup';
import { type TestPostgres } from './test-postgres';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>)[SERVICES_KEY] as
    TestPostgres | undefined;
  if (!services) return;
  // The second service tier's teardown must not stop what the first one's tests still use: jest
  // runs the tiers one after another, so stopping at each teardown and restarting is not needed.
  delete (globalThis as Record<string, unknown>)[SERVICES_KEY];
  delete process.env.CHANGE_LEDGER_TEST_POSTGRES_URL;
  await services.stop();
}
