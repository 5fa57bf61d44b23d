import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, Matches, validateSync } from 'class-validator';

/**
 * The environment keys that choose the event store, shared by every app's configuration class
 * (which extends this one and is validated once at start-up).
 */
export class EventStoreEnvironment {
  @IsOptional()
  @IsIn(['postgres', 'eventstoredb'])
  EVENT_STORE: 'postgres' | 'eventstoredb' = 'postgres';

  @IsOptional()
  @Matches(/^(esdb|kurrentdb)(\+discover)?:\/\//, {
    message: 'EVENTSTORE_URL must be an esdb:// connection string',
  })
  EVENTSTORE_URL?: string;
}

/** What field-by-field validation cannot see: EventStoreDB needs its URL. */
export function eventStoreEnvironmentProblems(config: EventStoreEnvironment): string[] {
  return config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_URL
    ? ['EVENTSTORE_URL: required when EVENT_STORE=eventstoredb']
    : [];
}

/**
 * An app's environment, validated once at start-up against its configuration class; every bad
 * key is reported at once, one line each. Empty values count as unset.
 */
export function loadEnvironment<T extends EventStoreEnvironment>(
  type: new () => T,
  env: NodeJS.ProcessEnv,
): T {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(type, defined);
  const problems = validateSync(config).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
  problems.push(...eventStoreEnvironmentProblems(config));
  if (problems.length > 0)
    throw new Error(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  return config;
}
