import { SERVICES_KEY, type StartedServices } from './global-setup';

/** jest runs every tier's tests before any teardown, so the first teardown stops it all. */
export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>)[SERVICES_KEY] as
    StartedServices | undefined;
  if (!services) return;
  delete (globalThis as Record<string, unknown>)[SERVICES_KEY];
  await services.stop();
}
