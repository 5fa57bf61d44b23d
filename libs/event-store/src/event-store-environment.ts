import { IsIn, IsOptional, Matches } from 'class-validator';

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
