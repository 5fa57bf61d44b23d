import { whyNoDocker } from './docker';

/**
 * EventStoreDB for the contract suite: EVENTSTORE_URL if set, else a container where a Docker
 * engine answers. No registry ships EventStoreDB, so elsewhere the suite is skipped, and says so.
 */
export type TestEventStoreDb =
  { url: string; description: string; stop(): Promise<void> } | { skipped: string };

export const EVENTSTORE_IMAGE = 'eventstore/eventstore:24.10';

export async function startTestEventStoreDb(): Promise<TestEventStoreDb> {
  const fromEnv = process.env.EVENTSTORE_URL;
  if (fromEnv)
    return {
      url: fromEnv,
      description: `EVENTSTORE_URL (${fromEnv})`,
      stop: async () => undefined,
    };
  const noDocker = await whyNoDocker();
  if (noDocker) {
    return {
      skipped: `EVENTSTORE_URL is not set and ${noDocker}; no package registry ships EventStoreDB`,
    };
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(EVENTSTORE_IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .start();
  return {
    url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    description: `testcontainers (${EVENTSTORE_IMAGE})`,
    stop: async () => void (await container.stop()),
  };
}
