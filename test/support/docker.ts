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
