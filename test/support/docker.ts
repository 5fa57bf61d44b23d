let availability: Promise<string | undefined> | undefined;

/** Why no Docker engine can be used, or undefined when one answers (asked once per run). */
export function whyNoDocker(): Promise<string | undefined> {
  availability ??= import('testcontainers')
    .then(({ getContainerRuntimeClient }) => getContainerRuntimeClient())
    .then(
      () => undefined,
      (error: unknown) =>
        `no Docker engine answers (${error instanceof Error ? error.message : String(error)})`,
    );
  return availability;
}

/** A way to get a test service, tried in turn: a name for the error, and how to start it. */
export interface ServiceSource<T> {
  name: string;
  start(): Promise<T>;
}

/**
 * The first source that starts; else an error that lists why each failed and how to provide the
 * service (`needs`: "a real Kafka broker"). A source that throws is passed over, not fatal.
 */
export async function startFirstAvailable<T>(
  needs: string,
  sources: ServiceSource<T>[],
  provideOneOf: string[],
): Promise<T> {
  const failures: string[] = [];
  for (const source of sources) {
    try {
      return await source.start();
    } catch (error) {
      failures.push(`${source.name}: ${errorMessage(error)}`);
    }
  }
  throw new Error(
    [
      `The integration tests need ${needs} and none could be had:`,
      ...failures.map((failure) => `  - ${failure}`),
      'Provide one of:',
      ...provideOneOf.map((way) => `  - ${way}`),
    ].join('\n'),
  );
}

/** A container started by testcontainers, where a Docker engine answers (else: why not). */
export function fromTestcontainers<T>(start: () => Promise<T>): ServiceSource<T> {
  return {
    name: 'testcontainers',
    start: async () => {
      const noDocker = await whyNoDocker();
      if (noDocker) throw new Error(noDocker);
      return start();
    },
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
